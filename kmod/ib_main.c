// SPDX-License-Identifier: GPL-2.0
/*
 * iommubench: measures the kernel's real IOMMU map/unmap and invalidation
 * paths for userspace through /dev/iommubench. See docs/abi.md.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "ib.h"

struct ib_state ib = {
	.lock		= __MUTEX_INITIALIZER(ib.lock),
	.run_lock	= __SPIN_LOCK_UNLOCKED(ib.run_lock),
	.opened		= ATOMIC_INIT(0),
	.alloc_pages	= ATOMIC64_INIT(0),
	.leaked_bytes	= ATOMIC64_INIT(0),
};

/*
 * IOMMUBENCH_IOC_INFO: the caller says how many bytes it can take (at least
 * the first version's); the module writes min(that, its sizeof) and says so
 * in info.size.
 */
static long ib_info_ioctl(struct iommubench_info __user *uarg)
{
	struct iommubench_info info;
	struct ib_inval_snap snap;
	u32 size;

	if (get_user(size, &uarg->size))
		return -EFAULT;
	if (size < IOMMUBENCH_INFO_SIZE_VER0)
		return -EINVAL;
	size = min_t(u32, size, sizeof(info));

	memset(&info, 0, sizeof(info));
	info.size = size;
	info.abi_version = IOMMUBENCH_ABI_VERSION;

	/* run_lock, not ib.lock: INFO must answer while a run holds ib.lock */
	spin_lock(&ib.run_lock);
	if (ib.dev) {
		info.flags |= IOMMUBENCH_INFO_BOUND | IOMMUBENCH_INFO_HAS_DOMAIN;
		info.hw_pgsize_bitmap = ib.dev->hw_pgsize;
		info.aperture_start = ib.dev->aperture_start;
		info.aperture_end = ib.dev->aperture_end;
		strscpy(info.device, pci_name(ib.dev->pdev), sizeof(info.device));
	}
	if (ib.cur_run)
		info.flags |= IOMMUBENCH_INFO_RUNNING;
	spin_unlock(&ib.run_lock);

	if (ib_probe_available(IB_PROBE_WAIT))
		info.flags |= IOMMUBENCH_INFO_INVAL_PROBE;
	strscpy(info.inval_probe, ib_inval_names(), sizeof(info.inval_probe));
	ib_probe_snapshot(IB_PROBE_WAIT, &snap, NULL);
	info.inval_count = snap.count;
	info.live_mappings = atomic64_read(&ib.leaked_bytes) +
			     ib_run_live_bytes();
	info.alloc_pages = atomic64_read(&ib.alloc_pages);

	if (copy_to_user(uarg, &info, size))
		return -EFAULT;
	return 0;
}

static long ib_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;

	/* the frozen command values: the size in them never changes (uapi) */
	switch (cmd) {
	case IOMMUBENCH_IOC_INFO:
		return ib_info_ioctl(uarg);
	case IOMMUBENCH_IOC_RUN:
		return ib_run_ioctl(uarg);
	default:
		return -ENOTTY;
	}
}

/* One opener at a time: a second runner gets -EBUSY instead of interleaving. */
static int ib_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (atomic_cmpxchg(&ib.opened, 0, 1))
		return -EBUSY;
	return 0;
}

static int ib_release(struct inode *inode, struct file *file)
{
	atomic_set(&ib.opened, 0);
	return 0;
}

static const struct file_operations ib_fops = {
	.owner		= THIS_MODULE,
	.open		= ib_open,
	.release	= ib_release,
	.unlocked_ioctl	= ib_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice ib_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= IOMMUBENCH_DEV_NAME,
	.fops	= &ib_fops,
	.mode	= 0600,
};

static int __init ib_init(void)
{
	int ret;

	ret = ib_inval_init();
	if (ret)
		return ret;
	ret = misc_register(&ib_misc);
	if (ret)
		goto err_inval;
	ret = ib_pci_register();
	if (ret)
		goto err_misc;
	pr_info("loaded (ABI %d)\n", IOMMUBENCH_ABI_VERSION);
	return 0;

err_misc:
	misc_deregister(&ib_misc);
err_inval:
	ib_inval_exit();
	return ret;
}

static void __exit ib_exit(void)
{
	ib_pci_unregister();
	misc_deregister(&ib_misc);
	ib_inval_exit();
	if (atomic64_read(&ib.alloc_pages) || atomic64_read(&ib.leaked_bytes))
		pr_err("unloading with %lld pages allocated, %lld bytes mapped\n",
		       (long long)atomic64_read(&ib.alloc_pages),
		       (long long)atomic64_read(&ib.leaked_bytes));
	pr_info("unloaded\n");
}

module_init(ib_init);
module_exit(ib_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("iommubench developers");
MODULE_DESCRIPTION("Benchmarks of the kernel's IOMMU map/unmap and invalidation paths");
