// Diagnostic texts of the kernel-slice measurement (ntk_slice): why it does not fit a cell.

export const sliceNeedsPlane = (model: string, dim: number): string =>
  `ntk_slice and ntk_grid draw their probe points in the plane of the first two input coordinates (the circle (cos γ, sin γ, 0, …), the grid (u, v, 0, …)); the data of model \`${model}\` has ${dim} input dimension${dim === 1 ? '' : 's'}`;
