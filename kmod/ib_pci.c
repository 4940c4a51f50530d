// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI driver: no id table, so it binds only to a device an administrator
 * hands it through driver_override (as vfio-pci and dma_map_benchmark do).
 *
 * The device is never enabled and bus mastering is turned off at probe: the
 * device cannot issue DMA, so no mapping the module makes can be used by it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#define dev_fmt(fmt) pr_fmt(fmt)

#include <linux/err.h>
#include <linux/slab.h>

#include "compat.h"
#include "ib.h"

static int ib_pci_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct iommu_domain *domain;
	struct ib_device *idev;
	int ret;

	if (!device_iommu_mapped(&pdev->dev)) {
		dev_err(&pdev->dev, "device is not behind an IOMMU\n");
		return -ENODEV;
	}

	idev = kzalloc(sizeof(*idev), GFP_KERNEL);
	if (!idev)
		return -ENOMEM;

	domain = ib_compat_domain_alloc(&pdev->dev);
	if (IS_ERR(domain)) {
		ret = PTR_ERR(domain);
		dev_err(&pdev->dev, "no paging domain (%d)\n", ret);
		goto err_free;
	}

	/*
	 * Never enabled by us, but firmware or an earlier driver may have left
	 * bus mastering on: off, so no mapping of ours can be used by the device.
	 */
	pci_clear_master(pdev);
	idev->pdev = pdev;
	idev->domain = domain;
	/*
	 * Drivers finish a domain's page sizes and aperture when it is first
	 * attached (VT-d sizes them to the IOMMU's capabilities): attach once
	 * to read what the hardware really offers.
	 */
	ret = iommu_attach_device(domain, &pdev->dev);
	if (ret) {
		dev_err(&pdev->dev, "cannot attach a paging domain (%d)\n",
			ret);
		goto err_domain;
	}
	idev->hw_pgsize = domain->pgsize_bitmap;
	idev->aperture_start = domain->geometry.aperture_start;
	idev->aperture_end = domain->geometry.aperture_end;
	iommu_detach_device(domain, &pdev->dev);

	mutex_lock(&ib.lock);
	if (ib.dev) {
		mutex_unlock(&ib.lock);
		dev_err(&pdev->dev, "already bound to %s\n",
			pci_name(ib.dev->pdev));
		ret = -EBUSY;
		goto err_domain;
	}
	spin_lock(&ib.run_lock);
	ib.dev = idev;
	spin_unlock(&ib.run_lock);
	mutex_unlock(&ib.lock);

	pci_set_drvdata(pdev, idev);
	dev_info(&pdev->dev, "bound, pgsize_bitmap %#lx, aperture %pad..%pad\n",
		 idev->hw_pgsize, &idev->aperture_start, &idev->aperture_end);
	return 0;

err_domain:
	iommu_domain_free(domain);
err_free:
	kfree(idev);
	return ret;
}

/*
 * Unbind, or the device going away (hot-unplug): a run in progress stops
 * after its current op and returns -ENODEV; we wait for it to drop ib.lock,
 * by then its threads are stopped and its pages unmapped.
 */
static void ib_pci_remove(struct pci_dev *pdev)
{
	struct ib_device *idev = pci_get_drvdata(pdev);
	u64 t0 = ktime_get_ns();
	bool running;

	running = ib_run_device_removed(idev);
	if (running)
		dev_info(&pdev->dev, "removed during a run: stopping it\n");
	mutex_lock(&ib.lock);
	if (running)
		dev_info(&pdev->dev, "the run stopped %llu us after the removal began\n",
			 div_u64(ktime_get_ns() - t0, NSEC_PER_USEC));
	ib_fq_wait_quiet();	/* an unbind may lead to a group type switch */
	spin_lock(&ib.run_lock);
	ib.dev = NULL;
	spin_unlock(&ib.run_lock);
	mutex_unlock(&ib.lock);

	iommu_domain_free(idev->domain);
	kfree(idev);
	dev_info(&pdev->dev, "unbound\n");
}

static struct pci_driver ib_pci_driver = {
	.name		= IOMMUBENCH_DRV_NAME,
	.id_table	= NULL,	/* bind only through driver_override */
	.probe		= ib_pci_probe,
	.remove		= ib_pci_remove,
};

/**
 * ib_pci_register() - register the PCI driver
 *
 * Return: 0 or a negative errno from pci_register_driver().
 */
int ib_pci_register(void)
{
	return pci_register_driver(&ib_pci_driver);
}

/**
 * ib_pci_unregister() - unregister the PCI driver, unbinding any device
 */
void ib_pci_unregister(void)
{
	pci_unregister_driver(&ib_pci_driver);
}
