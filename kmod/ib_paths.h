/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The path table: one line per path, IB_PATH(its enum iommubench_path
 * value, its struct ib_path). ib_run.c includes this list twice, to declare
 * the descriptors and to fill the table it looks paths up in; nothing else
 * in the module knows which paths exist. A new path is its own ib_<name>.c
 * (Kbuild builds every ib_*.c) and one line here.
 */
IB_PATH(IOMMUBENCH_PATH_IOMMU,	ib_iommu_path)	/* ib_iommu.c */
IB_PATH(IOMMUBENCH_PATH_DMA,	ib_dma_path)	/* ib_dma.c */
IB_PATH(IOMMUBENCH_PATH_SIM,	ib_sim_path)	/* ib_sim.c */
