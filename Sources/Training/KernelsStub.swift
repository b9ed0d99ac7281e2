// TEMPORARY: stands in for the training core's `Kernels` until branch wt-training is merged.
// Deleted at the merge; never lands on main.
enum Kernels {}
