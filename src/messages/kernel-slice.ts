// Diagnostic texts of the kernel-slice measurement (ntk_slice): why it does not fit a cell.

export const sliceNeedsPlane = (model: string, dim: number): string =>
  `ntk_slice draws its probe points on the circle (cos γ, sin γ, 0, …) of the first two input coordinates; the data of model \`${model}\` has ${dim} input dimension${dim === 1 ? '' : 's'}`;
