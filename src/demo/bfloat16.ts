const scratch = new DataView(new ArrayBuffer(4));

/** Rounds a number to bfloat16 bits with round-to-nearest-even, as PyTorch's conversion does. */
export function toBfloat16Bits(value: number): number {
  scratch.setFloat32(0, value, true);
  const bits = scratch.getUint32(0, true);
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x007fffff) !== 0) return 0x7fc0;
  const roundingBias = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + roundingBias) >>> 16) & 0xffff;
}

/** Returns the number a bfloat16 bit pattern stands for. */
export function fromBfloat16Bits(bits: number): number {
  scratch.setUint32(0, (bits & 0xffff) << 16, true);
  return scratch.getFloat32(0, true);
}
