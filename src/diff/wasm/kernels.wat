;; WebAssembly SIMD comparison kernels for BF16, F16 and F32 pairs of the same dtype.
;;
;; `npm run build:wasm` assembles this file into kernels-wasm.ts; simd-kernel.ts drives it and
;; holds the contract. Each exported compare function walks `n` elements of base (at $a) and head
;; (at $b) in blocks of 16384 elements and writes one record of 9 f64 per block at $out:
;;
;;   offset  0 sum a         8 sum b        16 sum (a-b)^2
;;   offset 24 sum a^2      32 sum b^2      40 sum a*b
;;   offset 48 max |a-b|    56 elements with |a-b| > t
;;   offset 64 elements whose stored bits differ
;;
;; The record is exact only when every element of the block is finite. The vector loop does not
;; mask NaN or infinity per lane. Instead the caller recomputes a block whose sum a^2 or sum b^2
;; is not finite. The F16 kernels store NaN in sum a^2 to request that, because their conversion
;; maps infinities and NaNs to finite values. With finite inputs the f64 sums cannot overflow
;; (|x| < 2^128, 16384 terms), so a non-finite sum a^2 or b^2 means a non-finite element.
;;
;; Elements are converted to f32 exactly, widened to f64 exactly, and the difference is an f64
;; subtraction, as in the JavaScript reference. Each sum has two f64x2 accumulators, a first and
;; a second set, so that two chains of additions run at once (about 5% faster than one set on the
;; 2-core Zen 5 VM this was written on). At the end of the vectors of a block the two sets are
;; added, then the two lanes, then the tail elements that do not fill a vector, in element order.
;; That order depends only on the block's length.
;;
;; `npm run build:wasm` also assembles a fused multiply-add build of this file, which runtimes
;; with relaxed SIMD load instead (see scripts/wasm-assembler.ts). In it, each f64x2 accumulation
;; of a product of two elements becomes one f64x2.relaxed_madd. Such a product has at most 48
;; significant bits, so it is exact in f64, and both builds write bit-identical records. The one
;; exception is the payload of a NaN sum, in the records of blocks that the caller recomputes.
;; Products of $d, the f64 difference, can be rounded, so they stay a separate multiplication and
;; addition.
;; Write every f64x2 product as (f64x2.add (local.get $acc) (f64x2.mul (local.get $x) (local.get
;; $y))), and keep the name $d for differences: the rewrite relies on both.
;;
;; The identical functions take one side and write sum a (offset 0) and sum a^2 (offset 24) with
;; the same operations in the same order as the compare functions, so for base == head they give
;; bit-identical sums.

(module
  (memory (export "memory") 17 17)

  (global $block_elements i32 (i32.const 16384))
  (global $record_bytes i32 (i32.const 72))

  ;; Adds one element pair to the record at $out, for elements after the last full vector.
  (func $tail_pair (param $out i32) (param $a f64) (param $b f64) (param $same_bits i32) (param $t f64)
    (local $d f64)
    (local $ad f64)
    (local.set $d (f64.sub (local.get $a) (local.get $b)))
    (local.set $ad (f64.abs (local.get $d)))
    (if (i32.eqz (local.get $same_bits))
      (then
        (f64.store offset=64 (local.get $out)
          (f64.add (f64.load offset=64 (local.get $out)) (f64.const 1)))))
    (if (f64.gt (local.get $ad) (local.get $t))
      (then
        (f64.store offset=56 (local.get $out)
          (f64.add (f64.load offset=56 (local.get $out)) (f64.const 1)))))
    (if (f64.gt (local.get $ad) (f64.load offset=48 (local.get $out)))
      (then (f64.store offset=48 (local.get $out) (local.get $ad))))
    (f64.store offset=0 (local.get $out)
      (f64.add (f64.load offset=0 (local.get $out)) (local.get $a)))
    (f64.store offset=8 (local.get $out)
      (f64.add (f64.load offset=8 (local.get $out)) (local.get $b)))
    (f64.store offset=16 (local.get $out)
      (f64.add (f64.load offset=16 (local.get $out))
        (f64.mul (local.get $d) (local.get $d))))
    (f64.store offset=24 (local.get $out)
      (f64.add (f64.load offset=24 (local.get $out))
        (f64.mul (local.get $a) (local.get $a))))
    (f64.store offset=32 (local.get $out)
      (f64.add (f64.load offset=32 (local.get $out))
        (f64.mul (local.get $b) (local.get $b))))
    (f64.store offset=40 (local.get $out)
      (f64.add (f64.load offset=40 (local.get $out))
        (f64.mul (local.get $a) (local.get $b)))))

  ;; Adds one element to the sums of an identical record, with the operations of $tail_pair.
  (func $tail_identical (param $out i32) (param $a f64)
    (f64.store offset=0 (local.get $out)
      (f64.add (f64.load offset=0 (local.get $out)) (local.get $a)))
    (f64.store offset=24 (local.get $out)
      (f64.add (f64.load offset=24 (local.get $out))
        (f64.mul (local.get $a) (local.get $a)))))

  (func $lane_sum (param $v v128) (result f64)
    (f64.add (f64x2.extract_lane 0 (local.get $v)) (f64x2.extract_lane 1 (local.get $v))))

  ;; Writes a record from the vector accumulators. $equal counts the vector elements whose bits
  ;; are equal, out of $vector_elements.
  (func $store_record (param $out i32)
    (param $sa v128) (param $sb v128) (param $sd2 v128)
    (param $sa2 v128) (param $sb2 v128) (param $sab v128)
    (param $max v128) (param $changed v128) (param $equal i32) (param $vector_elements i32)
    (f64.store offset=0 (local.get $out) (call $lane_sum (local.get $sa)))
    (f64.store offset=8 (local.get $out) (call $lane_sum (local.get $sb)))
    (f64.store offset=16 (local.get $out) (call $lane_sum (local.get $sd2)))
    (f64.store offset=24 (local.get $out) (call $lane_sum (local.get $sa2)))
    (f64.store offset=32 (local.get $out) (call $lane_sum (local.get $sb2)))
    (f64.store offset=40 (local.get $out) (call $lane_sum (local.get $sab)))
    (f64.store offset=48 (local.get $out)
      (f64.max (f64x2.extract_lane 0 (local.get $max)) (f64x2.extract_lane 1 (local.get $max))))
    (f64.store offset=56 (local.get $out)
      (f64.convert_i64_u
        (i64.add (i64x2.extract_lane 0 (local.get $changed))
          (i64x2.extract_lane 1 (local.get $changed)))))
    (f64.store offset=64 (local.get $out)
      (f64.convert_i32_u (i32.sub (local.get $vector_elements) (local.get $equal)))))

  (func $i32x4_sum (param $v v128) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))

  ;; ------------------------------------------------------------------------------------------
  ;; BF16: an element is the upper half of an f32. A 32-bit lane holds an even element in its
  ;; low half and an odd one in its high half, so `shl 16` gives the even elements as f32 and
  ;; masking the low half gives the odd ones. Of each vector of 8 elements, the first set of
  ;; accumulators adds elements (0, 2) then (4, 6) into its two lanes, and the second set (1, 3)
  ;; then (5, 7).

  (func $compare_block_bf16 (param $a i32) (param $b i32) (param $n i32) (param $t f64) (param $out i32)
    (local $end i32)
    (local $tv v128) (local $sa v128) (local $sb v128) (local $sd2 v128)
    (local $sa2 v128) (local $sb2 v128) (local $sab v128)
    (local $sa_second v128) (local $sb_second v128) (local $sd2_second v128)
    (local $sa2_second v128) (local $sb2_second v128) (local $sab_second v128)
    (local $max v128) (local $changed v128) (local $equal v128)
    (local $va v128) (local $vb v128) (local $x v128) (local $y v128)
    (local $a0 v128) (local $b0 v128) (local $a1 v128) (local $b1 v128)
    (local $d v128) (local $ad v128)
    (local $vector_elements i32) (local $bits_a i32) (local $bits_b i32) (local $high_half v128)
    (local.set $tv (f64x2.splat (local.get $t)))
    (local.set $high_half (v128.const i32x4 0xffff0000 0xffff0000 0xffff0000 0xffff0000))
    (local.set $vector_elements (i32.and (local.get $n) (i32.const -8)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $vector_elements) (i32.const 1))))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (loop $step
          (local.set $va (v128.load (local.get $a)))
          (local.set $vb (v128.load (local.get $b)))
          (local.set $equal (i16x8.sub (local.get $equal) (i16x8.eq (local.get $va) (local.get $vb))))

          ;; even elements
          (local.set $x (i32x4.shl (local.get $va) (i32.const 16)))
          (local.set $y (i32x4.shl (local.get $vb) (i32.const 16)))
          (local.set $a0 (f64x2.promote_low_f32x4 (local.get $x)))
          (local.set $b0 (f64x2.promote_low_f32x4 (local.get $y)))
          (local.set $a1 (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))))
          (local.set $b1 (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $y) (local.get $y))))

          (local.set $d (f64x2.sub (local.get $a0) (local.get $b0)))
          (local.set $ad (f64x2.abs (local.get $d)))
          (local.set $changed (i64x2.sub (local.get $changed) (f64x2.gt (local.get $ad) (local.get $tv))))
          (local.set $max (f64x2.pmax (local.get $max) (local.get $ad)))
          (local.set $sa (f64x2.add (local.get $sa) (local.get $a0)))
          (local.set $sb (f64x2.add (local.get $sb) (local.get $b0)))
          (local.set $sd2 (f64x2.add (local.get $sd2) (f64x2.mul (local.get $d) (local.get $d))))
          (local.set $sa2 (f64x2.add (local.get $sa2) (f64x2.mul (local.get $a0) (local.get $a0))))
          (local.set $sb2 (f64x2.add (local.get $sb2) (f64x2.mul (local.get $b0) (local.get $b0))))
          (local.set $sab (f64x2.add (local.get $sab) (f64x2.mul (local.get $a0) (local.get $b0))))

          (local.set $d (f64x2.sub (local.get $a1) (local.get $b1)))
          (local.set $ad (f64x2.abs (local.get $d)))
          (local.set $changed (i64x2.sub (local.get $changed) (f64x2.gt (local.get $ad) (local.get $tv))))
          (local.set $max (f64x2.pmax (local.get $max) (local.get $ad)))
          (local.set $sa (f64x2.add (local.get $sa) (local.get $a1)))
          (local.set $sb (f64x2.add (local.get $sb) (local.get $b1)))
          (local.set $sd2 (f64x2.add (local.get $sd2) (f64x2.mul (local.get $d) (local.get $d))))
          (local.set $sa2 (f64x2.add (local.get $sa2) (f64x2.mul (local.get $a1) (local.get $a1))))
          (local.set $sb2 (f64x2.add (local.get $sb2) (f64x2.mul (local.get $b1) (local.get $b1))))
          (local.set $sab (f64x2.add (local.get $sab) (f64x2.mul (local.get $a1) (local.get $b1))))

          ;; odd elements
          (local.set $x (v128.and (local.get $va) (local.get $high_half)))
          (local.set $y (v128.and (local.get $vb) (local.get $high_half)))
          (local.set $a0 (f64x2.promote_low_f32x4 (local.get $x)))
          (local.set $b0 (f64x2.promote_low_f32x4 (local.get $y)))
          (local.set $a1 (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))))
          (local.set $b1 (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $y) (local.get $y))))

          (local.set $d (f64x2.sub (local.get $a0) (local.get $b0)))
          (local.set $ad (f64x2.abs (local.get $d)))
          (local.set $changed (i64x2.sub (local.get $changed) (f64x2.gt (local.get $ad) (local.get $tv))))
          (local.set $max (f64x2.pmax (local.get $max) (local.get $ad)))
          (local.set $sa_second (f64x2.add (local.get $sa_second) (local.get $a0)))
          (local.set $sb_second (f64x2.add (local.get $sb_second) (local.get $b0)))
          (local.set $sd2_second (f64x2.add (local.get $sd2_second) (f64x2.mul (local.get $d) (local.get $d))))
          (local.set $sa2_second (f64x2.add (local.get $sa2_second) (f64x2.mul (local.get $a0) (local.get $a0))))
          (local.set $sb2_second (f64x2.add (local.get $sb2_second) (f64x2.mul (local.get $b0) (local.get $b0))))
          (local.set $sab_second (f64x2.add (local.get $sab_second) (f64x2.mul (local.get $a0) (local.get $b0))))

          (local.set $d (f64x2.sub (local.get $a1) (local.get $b1)))
          (local.set $ad (f64x2.abs (local.get $d)))
          (local.set $changed (i64x2.sub (local.get $changed) (f64x2.gt (local.get $ad) (local.get $tv))))
          (local.set $max (f64x2.pmax (local.get $max) (local.get $ad)))
          (local.set $sa_second (f64x2.add (local.get $sa_second) (local.get $a1)))
          (local.set $sb_second (f64x2.add (local.get $sb_second) (local.get $b1)))
          (local.set $sd2_second (f64x2.add (local.get $sd2_second) (f64x2.mul (local.get $d) (local.get $d))))
          (local.set $sa2_second (f64x2.add (local.get $sa2_second) (f64x2.mul (local.get $a1) (local.get $a1))))
          (local.set $sb2_second (f64x2.add (local.get $sb2_second) (f64x2.mul (local.get $b1) (local.get $b1))))
          (local.set $sab_second (f64x2.add (local.get $sab_second) (f64x2.mul (local.get $a1) (local.get $b1))))

          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $b (i32.add (local.get $b) (i32.const 16)))
          (br_if $step (i32.lt_u (local.get $a) (local.get $end))))))
    (call $store_record (local.get $out)
      (f64x2.add (local.get $sa) (local.get $sa_second))
      (f64x2.add (local.get $sb) (local.get $sb_second))
      (f64x2.add (local.get $sd2) (local.get $sd2_second))
      (f64x2.add (local.get $sa2) (local.get $sa2_second))
      (f64x2.add (local.get $sb2) (local.get $sb2_second))
      (f64x2.add (local.get $sab) (local.get $sab_second))
      (local.get $max) (local.get $changed)
      (call $i32x4_sum (i32x4.extadd_pairwise_i16x8_s (local.get $equal)))
      (local.get $vector_elements))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 7)) (i32.const 1))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $bits_a (i32.load16_u (local.get $a)))
        (local.set $bits_b (i32.load16_u (local.get $b)))
        (call $tail_pair (local.get $out)
          (f64.promote_f32 (f32.reinterpret_i32 (i32.shl (local.get $bits_a) (i32.const 16))))
          (f64.promote_f32 (f32.reinterpret_i32 (i32.shl (local.get $bits_b) (i32.const 16))))
          (i32.eq (local.get $bits_a) (local.get $bits_b))
          (local.get $t))
        (local.set $a (i32.add (local.get $a) (i32.const 2)))
        (local.set $b (i32.add (local.get $b) (i32.const 2)))
        (br $tail))))

  (func $identical_block_bf16 (param $a i32) (param $n i32) (param $out i32)
    (local $end i32) (local $sa v128) (local $sa2 v128)
    (local $sa_second v128) (local $sa2_second v128)
    (local $va v128) (local $x v128) (local $a0 v128) (local $a1 v128) (local $high_half v128)
    (local.set $high_half (v128.const i32x4 0xffff0000 0xffff0000 0xffff0000 0xffff0000))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 1))))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (loop $step
          (local.set $va (v128.load (local.get $a)))
          (local.set $x (i32x4.shl (local.get $va) (i32.const 16)))
          (local.set $a0 (f64x2.promote_low_f32x4 (local.get $x)))
          (local.set $a1 (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))))
          (local.set $sa (f64x2.add (local.get $sa) (local.get $a0)))
          (local.set $sa2 (f64x2.add (local.get $sa2) (f64x2.mul (local.get $a0) (local.get $a0))))
          (local.set $sa (f64x2.add (local.get $sa) (local.get $a1)))
          (local.set $sa2 (f64x2.add (local.get $sa2) (f64x2.mul (local.get $a1) (local.get $a1))))
          (local.set $x (v128.and (local.get $va) (local.get $high_half)))
          (local.set $a0 (f64x2.promote_low_f32x4 (local.get $x)))
          (local.set $a1 (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))))
          (local.set $sa_second (f64x2.add (local.get $sa_second) (local.get $a0)))
          (local.set $sa2_second (f64x2.add (local.get $sa2_second) (f64x2.mul (local.get $a0) (local.get $a0))))
          (local.set $sa_second (f64x2.add (local.get $sa_second) (local.get $a1)))
          (local.set $sa2_second (f64x2.add (local.get $sa2_second) (f64x2.mul (local.get $a1) (local.get $a1))))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (br_if $step (i32.lt_u (local.get $a) (local.get $end))))))
    (f64.store offset=0 (local.get $out)
      (call $lane_sum (f64x2.add (local.get $sa) (local.get $sa_second))))
    (f64.store offset=24 (local.get $out)
      (call $lane_sum (f64x2.add (local.get $sa2) (local.get $sa2_second))))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 7)) (i32.const 1))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $a) (local.get $end)))
        (call $tail_identical (local.get $out)
          (f64.promote_f32 (f32.reinterpret_i32 (i32.shl (i32.load16_u (local.get $a)) (i32.const 16)))))
        (local.set $a (i32.add (local.get $a) (i32.const 2)))
        (br $tail))))

  ;; ------------------------------------------------------------------------------------------
  ;; F16: with the element in the high half of a 32-bit lane, an arithmetic shift right by 3 and
  ;; the mask 0x8fffe000 leave the sign in bit 31 and the exponent and mantissa in bits 27..13.
  ;; Read as an f32, that is the value times 2^-112 (subnormals included), and multiplying by
  ;; 2^112 is exact. The vector loops skip that multiplication: they work on the f64 values
  ;; times 2^-112, compare |a-b| with t times 2^-112, and scale the record back at the end of
  ;; the vectors. Every nonzero scaled element, difference, product and partial sum is a multiple
  ;; of 2^-136 or of 2^-272 and far from overflow, so it is a normal f64. Scaling by a power of two
  ;; then commutes with each rounding, and the record is bit-identical to one computed on the
  ;; values (the multiplication cost 18% of the loop on the 2-core Zen 5 VM, Node 20). A
  ;; threshold below 2^-910 scales to a subnormal or 0, which is still below every nonzero
  ;; scaled difference (at least 2^-136), so the counts stay exact. Exponent 31 (infinity, NaN) becomes a finite value of at least 2^16, so the
  ;; kernels track max(bits & 0x7fff) and flag the block when it reaches 0x7c00. The element
  ;; order is that of BF16.

  (func $f16_value (param $bits i32) (result f64)
    (f64.promote_f32
      (f32.mul
        (f32.reinterpret_i32
          (i32.and (i32.shr_s (i32.shl (local.get $bits) (i32.const 16)) (i32.const 3))
            (i32.const 0x8fffe000)))
        (f32.reinterpret_i32 (i32.const 0x77800000)))))

  (func $f16_special (param $bits i32) (result i32)
    (i32.eq (i32.and (local.get $bits) (i32.const 0x7c00)) (i32.const 0x7c00)))

  (func $flag_special_block (param $out i32)
    (f64.store offset=24 (local.get $out) (f64.const nan)))

  ;; Multiplies the sums and the maximum of a record written from F16 elements read as their
  ;; value times 2^-112 back to the elements' scale. Both factors are powers of two and no
  ;; product overflows, so the record is bit-identical to one computed on the values themselves.
  (func $unscale_f16_record (param $out i32)
    (f64.store offset=0 (local.get $out) (f64.mul (f64.load offset=0 (local.get $out)) (f64.const 0x1p112)))
    (f64.store offset=8 (local.get $out) (f64.mul (f64.load offset=8 (local.get $out)) (f64.const 0x1p112)))
    (f64.store offset=16 (local.get $out) (f64.mul (f64.load offset=16 (local.get $out)) (f64.const 0x1p224)))
    (f64.store offset=24 (local.get $out) (f64.mul (f64.load offset=24 (local.get $out)) (f64.const 0x1p224)))
    (f64.store offset=32 (local.get $out) (f64.mul (f64.load offset=32 (local.get $out)) (f64.const 0x1p224)))
    (f64.store offset=40 (local.get $out) (f64.mul (f64.load offset=40 (local.get $out)) (f64.const 0x1p224)))
    (f64.store offset=48 (local.get $out) (f64.mul (f64.load offset=48 (local.get $out)) (f64.const 0x1p112))))

  (func $compare_block_f16 (param $a i32) (param $b i32) (param $n i32) (param $t f64) (param $out i32)
    (local $end i32)
    (local $tv v128) (local $sa v128) (local $sb v128) (local $sd2 v128)
    (local $sa2 v128) (local $sb2 v128) (local $sab v128)
    (local $sa_second v128) (local $sb_second v128) (local $sd2_second v128)
    (local $sa2_second v128) (local $sb2_second v128) (local $sab_second v128)
    (local $max v128) (local $changed v128) (local $equal v128) (local $magnitude v128)
    (local $va v128) (local $vb v128) (local $x v128) (local $y v128)
    (local $a0 v128) (local $b0 v128) (local $a1 v128) (local $b1 v128)
    (local $d v128) (local $ad v128)
    (local $vector_elements i32) (local $bits_a i32) (local $bits_b i32) (local $special i32)
    (local $sign_magnitude v128) (local $low_bits v128)
    (local.set $tv (f64x2.splat (f64.mul (local.get $t) (f64.const 0x1p-112))))
    (local.set $sign_magnitude (v128.const i32x4 0x8fffe000 0x8fffe000 0x8fffe000 0x8fffe000))
    (local.set $low_bits (v128.const i16x8 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff))
    (local.set $vector_elements (i32.and (local.get $n) (i32.const -8)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $vector_elements) (i32.const 1))))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (loop $step
          (local.set $va (v128.load (local.get $a)))
          (local.set $vb (v128.load (local.get $b)))
          (local.set $equal (i16x8.sub (local.get $equal) (i16x8.eq (local.get $va) (local.get $vb))))
          (local.set $magnitude (i16x8.max_u (local.get $magnitude)
            (v128.and (local.get $va) (local.get $low_bits))))
          (local.set $magnitude (i16x8.max_u (local.get $magnitude)
            (v128.and (local.get $vb) (local.get $low_bits))))

          ;; even elements
          (local.set $x (v128.and (i32x4.shr_s (i32x4.shl (local.get $va) (i32.const 16)) (i32.const 3)) (local.get $sign_magnitude)))
          (local.set $y (v128.and (i32x4.shr_s (i32x4.shl (local.get $vb) (i32.const 16)) (i32.const 3)) (local.get $sign_magnitude)))
          (local.set $a0 (f64x2.promote_low_f32x4 (local.get $x)))
          (local.set $b0 (f64x2.promote_low_f32x4 (local.get $y)))
          (local.set $a1 (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))))
          (local.set $b1 (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $y) (local.get $y))))

          (local.set $d (f64x2.sub (local.get $a0) (local.get $b0)))
          (local.set $ad (f64x2.abs (local.get $d)))
          (local.set $changed (i64x2.sub (local.get $changed) (f64x2.gt (local.get $ad) (local.get $tv))))
          (local.set $max (f64x2.pmax (local.get $max) (local.get $ad)))
          (local.set $sa (f64x2.add (local.get $sa) (local.get $a0)))
          (local.set $sb (f64x2.add (local.get $sb) (local.get $b0)))
          (local.set $sd2 (f64x2.add (local.get $sd2) (f64x2.mul (local.get $d) (local.get $d))))
          (local.set $sa2 (f64x2.add (local.get $sa2) (f64x2.mul (local.get $a0) (local.get $a0))))
          (local.set $sb2 (f64x2.add (local.get $sb2) (f64x2.mul (local.get $b0) (local.get $b0))))
          (local.set $sab (f64x2.add (local.get $sab) (f64x2.mul (local.get $a0) (local.get $b0))))

          (local.set $d (f64x2.sub (local.get $a1) (local.get $b1)))
          (local.set $ad (f64x2.abs (local.get $d)))
          (local.set $changed (i64x2.sub (local.get $changed) (f64x2.gt (local.get $ad) (local.get $tv))))
          (local.set $max (f64x2.pmax (local.get $max) (local.get $ad)))
          (local.set $sa (f64x2.add (local.get $sa) (local.get $a1)))
          (local.set $sb (f64x2.add (local.get $sb) (local.get $b1)))
          (local.set $sd2 (f64x2.add (local.get $sd2) (f64x2.mul (local.get $d) (local.get $d))))
          (local.set $sa2 (f64x2.add (local.get $sa2) (f64x2.mul (local.get $a1) (local.get $a1))))
          (local.set $sb2 (f64x2.add (local.get $sb2) (f64x2.mul (local.get $b1) (local.get $b1))))
          (local.set $sab (f64x2.add (local.get $sab) (f64x2.mul (local.get $a1) (local.get $b1))))

          ;; odd elements
          (local.set $x (v128.and (i32x4.shr_s (local.get $va) (i32.const 3)) (local.get $sign_magnitude)))
          (local.set $y (v128.and (i32x4.shr_s (local.get $vb) (i32.const 3)) (local.get $sign_magnitude)))
          (local.set $a0 (f64x2.promote_low_f32x4 (local.get $x)))
          (local.set $b0 (f64x2.promote_low_f32x4 (local.get $y)))
          (local.set $a1 (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))))
          (local.set $b1 (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $y) (local.get $y))))

          (local.set $d (f64x2.sub (local.get $a0) (local.get $b0)))
          (local.set $ad (f64x2.abs (local.get $d)))
          (local.set $changed (i64x2.sub (local.get $changed) (f64x2.gt (local.get $ad) (local.get $tv))))
          (local.set $max (f64x2.pmax (local.get $max) (local.get $ad)))
          (local.set $sa_second (f64x2.add (local.get $sa_second) (local.get $a0)))
          (local.set $sb_second (f64x2.add (local.get $sb_second) (local.get $b0)))
          (local.set $sd2_second (f64x2.add (local.get $sd2_second) (f64x2.mul (local.get $d) (local.get $d))))
          (local.set $sa2_second (f64x2.add (local.get $sa2_second) (f64x2.mul (local.get $a0) (local.get $a0))))
          (local.set $sb2_second (f64x2.add (local.get $sb2_second) (f64x2.mul (local.get $b0) (local.get $b0))))
          (local.set $sab_second (f64x2.add (local.get $sab_second) (f64x2.mul (local.get $a0) (local.get $b0))))

          (local.set $d (f64x2.sub (local.get $a1) (local.get $b1)))
          (local.set $ad (f64x2.abs (local.get $d)))
          (local.set $changed (i64x2.sub (local.get $changed) (f64x2.gt (local.get $ad) (local.get $tv))))
          (local.set $max (f64x2.pmax (local.get $max) (local.get $ad)))
          (local.set $sa_second (f64x2.add (local.get $sa_second) (local.get $a1)))
          (local.set $sb_second (f64x2.add (local.get $sb_second) (local.get $b1)))
          (local.set $sd2_second (f64x2.add (local.get $sd2_second) (f64x2.mul (local.get $d) (local.get $d))))
          (local.set $sa2_second (f64x2.add (local.get $sa2_second) (f64x2.mul (local.get $a1) (local.get $a1))))
          (local.set $sb2_second (f64x2.add (local.get $sb2_second) (f64x2.mul (local.get $b1) (local.get $b1))))
          (local.set $sab_second (f64x2.add (local.get $sab_second) (f64x2.mul (local.get $a1) (local.get $b1))))

          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $b (i32.add (local.get $b) (i32.const 16)))
          (br_if $step (i32.lt_u (local.get $a) (local.get $end))))))
    (call $store_record (local.get $out)
      (f64x2.add (local.get $sa) (local.get $sa_second))
      (f64x2.add (local.get $sb) (local.get $sb_second))
      (f64x2.add (local.get $sd2) (local.get $sd2_second))
      (f64x2.add (local.get $sa2) (local.get $sa2_second))
      (f64x2.add (local.get $sb2) (local.get $sb2_second))
      (f64x2.add (local.get $sab) (local.get $sab_second))
      (local.get $max) (local.get $changed)
      (call $i32x4_sum (i32x4.extadd_pairwise_i16x8_s (local.get $equal)))
      (local.get $vector_elements))
    (call $unscale_f16_record (local.get $out))
    (local.set $special (v128.any_true (i16x8.ge_u (local.get $magnitude)
      (v128.const i16x8 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00))))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 7)) (i32.const 1))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $bits_a (i32.load16_u (local.get $a)))
        (local.set $bits_b (i32.load16_u (local.get $b)))
        (local.set $special (i32.or (local.get $special)
          (i32.or (call $f16_special (local.get $bits_a)) (call $f16_special (local.get $bits_b)))))
        (call $tail_pair (local.get $out)
          (call $f16_value (local.get $bits_a))
          (call $f16_value (local.get $bits_b))
          (i32.eq (local.get $bits_a) (local.get $bits_b))
          (local.get $t))
        (local.set $a (i32.add (local.get $a) (i32.const 2)))
        (local.set $b (i32.add (local.get $b) (i32.const 2)))
        (br $tail)))
    (if (local.get $special) (then (call $flag_special_block (local.get $out)))))

  (func $identical_block_f16 (param $a i32) (param $n i32) (param $out i32)
    (local $end i32) (local $sa v128) (local $sa2 v128)
    (local $sa_second v128) (local $sa2_second v128) (local $magnitude v128)
    (local $va v128) (local $x v128) (local $a0 v128) (local $a1 v128)
    (local $bits i32) (local $special i32)
    (local $sign_magnitude v128) (local $low_bits v128)
    (local.set $sign_magnitude (v128.const i32x4 0x8fffe000 0x8fffe000 0x8fffe000 0x8fffe000))
    (local.set $low_bits (v128.const i16x8 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 1))))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (loop $step
          (local.set $va (v128.load (local.get $a)))
          (local.set $magnitude (i16x8.max_u (local.get $magnitude)
            (v128.and (local.get $va) (local.get $low_bits))))
          (local.set $x (v128.and (i32x4.shr_s (i32x4.shl (local.get $va) (i32.const 16)) (i32.const 3)) (local.get $sign_magnitude)))
          (local.set $a0 (f64x2.promote_low_f32x4 (local.get $x)))
          (local.set $a1 (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))))
          (local.set $sa (f64x2.add (local.get $sa) (local.get $a0)))
          (local.set $sa2 (f64x2.add (local.get $sa2) (f64x2.mul (local.get $a0) (local.get $a0))))
          (local.set $sa (f64x2.add (local.get $sa) (local.get $a1)))
          (local.set $sa2 (f64x2.add (local.get $sa2) (f64x2.mul (local.get $a1) (local.get $a1))))
          (local.set $x (v128.and (i32x4.shr_s (local.get $va) (i32.const 3)) (local.get $sign_magnitude)))
          (local.set $a0 (f64x2.promote_low_f32x4 (local.get $x)))
          (local.set $a1 (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))))
          (local.set $sa_second (f64x2.add (local.get $sa_second) (local.get $a0)))
          (local.set $sa2_second (f64x2.add (local.get $sa2_second) (f64x2.mul (local.get $a0) (local.get $a0))))
          (local.set $sa_second (f64x2.add (local.get $sa_second) (local.get $a1)))
          (local.set $sa2_second (f64x2.add (local.get $sa2_second) (f64x2.mul (local.get $a1) (local.get $a1))))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (br_if $step (i32.lt_u (local.get $a) (local.get $end))))))
    (f64.store offset=0 (local.get $out)
      (f64.mul (call $lane_sum (f64x2.add (local.get $sa) (local.get $sa_second))) (f64.const 0x1p112)))
    (f64.store offset=24 (local.get $out)
      (f64.mul (call $lane_sum (f64x2.add (local.get $sa2) (local.get $sa2_second))) (f64.const 0x1p224)))
    (local.set $special (v128.any_true (i16x8.ge_u (local.get $magnitude)
      (v128.const i16x8 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00 0x7c00))))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 7)) (i32.const 1))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $bits (i32.load16_u (local.get $a)))
        (local.set $special (i32.or (local.get $special) (call $f16_special (local.get $bits))))
        (call $tail_identical (local.get $out) (call $f16_value (local.get $bits)))
        (local.set $a (i32.add (local.get $a) (i32.const 2)))
        (br $tail)))
    (if (local.get $special) (then (call $flag_special_block (local.get $out)))))

  ;; ------------------------------------------------------------------------------------------
  ;; F32: of each vector of 4 elements, the first set of accumulators adds elements (0, 1) and the
  ;; second set (2, 3).

  (func $compare_block_f32 (param $a i32) (param $b i32) (param $n i32) (param $t f64) (param $out i32)
    (local $end i32)
    (local $tv v128) (local $sa v128) (local $sb v128) (local $sd2 v128)
    (local $sa2 v128) (local $sb2 v128) (local $sab v128)
    (local $sa_second v128) (local $sb_second v128) (local $sd2_second v128)
    (local $sa2_second v128) (local $sb2_second v128) (local $sab_second v128)
    (local $max v128) (local $changed v128) (local $equal v128)
    (local $va v128) (local $vb v128)
    (local $a0 v128) (local $b0 v128) (local $a1 v128) (local $b1 v128)
    (local $d v128) (local $ad v128)
    (local $vector_elements i32) (local $bits_a i32) (local $bits_b i32)
    (local.set $tv (f64x2.splat (local.get $t)))
    (local.set $vector_elements (i32.and (local.get $n) (i32.const -4)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $vector_elements) (i32.const 2))))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (loop $step
          (local.set $va (v128.load (local.get $a)))
          (local.set $vb (v128.load (local.get $b)))
          (local.set $equal (i32x4.sub (local.get $equal) (i32x4.eq (local.get $va) (local.get $vb))))
          (local.set $a0 (f64x2.promote_low_f32x4 (local.get $va)))
          (local.set $b0 (f64x2.promote_low_f32x4 (local.get $vb)))
          (local.set $a1 (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $a))))
          (local.set $b1 (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $b))))

          (local.set $d (f64x2.sub (local.get $a0) (local.get $b0)))
          (local.set $ad (f64x2.abs (local.get $d)))
          (local.set $changed (i64x2.sub (local.get $changed) (f64x2.gt (local.get $ad) (local.get $tv))))
          (local.set $max (f64x2.pmax (local.get $max) (local.get $ad)))
          (local.set $sa (f64x2.add (local.get $sa) (local.get $a0)))
          (local.set $sb (f64x2.add (local.get $sb) (local.get $b0)))
          (local.set $sd2 (f64x2.add (local.get $sd2) (f64x2.mul (local.get $d) (local.get $d))))
          (local.set $sa2 (f64x2.add (local.get $sa2) (f64x2.mul (local.get $a0) (local.get $a0))))
          (local.set $sb2 (f64x2.add (local.get $sb2) (f64x2.mul (local.get $b0) (local.get $b0))))
          (local.set $sab (f64x2.add (local.get $sab) (f64x2.mul (local.get $a0) (local.get $b0))))

          (local.set $d (f64x2.sub (local.get $a1) (local.get $b1)))
          (local.set $ad (f64x2.abs (local.get $d)))
          (local.set $changed (i64x2.sub (local.get $changed) (f64x2.gt (local.get $ad) (local.get $tv))))
          (local.set $max (f64x2.pmax (local.get $max) (local.get $ad)))
          (local.set $sa_second (f64x2.add (local.get $sa_second) (local.get $a1)))
          (local.set $sb_second (f64x2.add (local.get $sb_second) (local.get $b1)))
          (local.set $sd2_second (f64x2.add (local.get $sd2_second) (f64x2.mul (local.get $d) (local.get $d))))
          (local.set $sa2_second (f64x2.add (local.get $sa2_second) (f64x2.mul (local.get $a1) (local.get $a1))))
          (local.set $sb2_second (f64x2.add (local.get $sb2_second) (f64x2.mul (local.get $b1) (local.get $b1))))
          (local.set $sab_second (f64x2.add (local.get $sab_second) (f64x2.mul (local.get $a1) (local.get $b1))))

          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $b (i32.add (local.get $b) (i32.const 16)))
          (br_if $step (i32.lt_u (local.get $a) (local.get $end))))))
    (call $store_record (local.get $out)
      (f64x2.add (local.get $sa) (local.get $sa_second))
      (f64x2.add (local.get $sb) (local.get $sb_second))
      (f64x2.add (local.get $sd2) (local.get $sd2_second))
      (f64x2.add (local.get $sa2) (local.get $sa2_second))
      (f64x2.add (local.get $sb2) (local.get $sb2_second))
      (f64x2.add (local.get $sab) (local.get $sab_second))
      (local.get $max) (local.get $changed)
      (call $i32x4_sum (local.get $equal))
      (local.get $vector_elements))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $bits_a (i32.load (local.get $a)))
        (local.set $bits_b (i32.load (local.get $b)))
        (call $tail_pair (local.get $out)
          (f64.promote_f32 (f32.reinterpret_i32 (local.get $bits_a)))
          (f64.promote_f32 (f32.reinterpret_i32 (local.get $bits_b)))
          (i32.eq (local.get $bits_a) (local.get $bits_b))
          (local.get $t))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (br $tail))))

  (func $identical_block_f32 (param $a i32) (param $n i32) (param $out i32)
    (local $end i32) (local $sa v128) (local $sa2 v128)
    (local $sa_second v128) (local $sa2_second v128)
    (local $va v128) (local $a0 v128) (local $a1 v128)
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (loop $step
          (local.set $va (v128.load (local.get $a)))
          (local.set $a0 (f64x2.promote_low_f32x4 (local.get $va)))
          (local.set $a1 (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $a))))
          (local.set $sa (f64x2.add (local.get $sa) (local.get $a0)))
          (local.set $sa2 (f64x2.add (local.get $sa2) (f64x2.mul (local.get $a0) (local.get $a0))))
          (local.set $sa_second (f64x2.add (local.get $sa_second) (local.get $a1)))
          (local.set $sa2_second (f64x2.add (local.get $sa2_second) (f64x2.mul (local.get $a1) (local.get $a1))))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (br_if $step (i32.lt_u (local.get $a) (local.get $end))))))
    (f64.store offset=0 (local.get $out)
      (call $lane_sum (f64x2.add (local.get $sa) (local.get $sa_second))))
    (f64.store offset=24 (local.get $out)
      (call $lane_sum (f64x2.add (local.get $sa2) (local.get $sa2_second))))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $a) (local.get $end)))
        (call $tail_identical (local.get $out)
          (f64.promote_f32 (f32.reinterpret_i32 (i32.load (local.get $a)))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $tail))))

  ;; ------------------------------------------------------------------------------------------
  ;; Locate functions: the index of the first of `n` elements whose |a - b| equals $delta, or -1.
  ;; They scan vectors with the conversions above, then rescan the first vector that matches
  ;; element by element. Only for blocks without NaN or infinity, because the F16 conversion
  ;; maps those to finite values.

  (func $bf16_at (param $address i32) (result f64)
    (f64.promote_f32 (f32.reinterpret_i32 (i32.shl (i32.load16_u (local.get $address)) (i32.const 16)))))

  (func $f16_at (param $address i32) (result f64)
    (call $f16_value (i32.load16_u (local.get $address))))

  (func $f32_at (param $address i32) (result f64)
    (f64.promote_f32 (f32.load (local.get $address))))

  ;; Returns a mask of the f64x2 lanes where |low halves of x - y| or |high halves| equals $delta.
  (func $matches_f32x4 (param $x v128) (param $y v128) (param $delta v128) (result v128)
    (v128.or
      (f64x2.eq
        (f64x2.abs (f64x2.sub (f64x2.promote_low_f32x4 (local.get $x)) (f64x2.promote_low_f32x4 (local.get $y))))
        (local.get $delta))
      (f64x2.eq
        (f64x2.abs (f64x2.sub
          (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x)))
          (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $y) (local.get $y)))))
        (local.get $delta))))

  (func (export "locateBF16") (param $a i32) (param $b i32) (param $n i32) (param $delta f64) (result i32)
    (local $i i32) (local $end i32) (local $dv v128) (local $va v128) (local $vb v128)
    (local.set $dv (f64x2.splat (local.get $delta)))
    (local.set $end (i32.and (local.get $n) (i32.const -8)))
    (block $found
      (loop $step
        (br_if $found (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $va (v128.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 1)))))
        (local.set $vb (v128.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 1)))))
        (br_if $found (v128.any_true (v128.or
          (call $matches_f32x4
            (i32x4.shl (local.get $va) (i32.const 16)) (i32x4.shl (local.get $vb) (i32.const 16))
            (local.get $dv))
          (call $matches_f32x4
            (v128.and (local.get $va) (v128.const i32x4 0xffff0000 0xffff0000 0xffff0000 0xffff0000))
            (v128.and (local.get $vb) (v128.const i32x4 0xffff0000 0xffff0000 0xffff0000 0xffff0000))
            (local.get $dv)))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $step)))
    (loop $element
      (if (i32.ge_u (local.get $i) (local.get $n)) (then (return (i32.const -1))))
      (if (f64.eq (local.get $delta)
            (f64.abs (f64.sub
              (call $bf16_at (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 1))))
              (call $bf16_at (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 1)))))))
        (then (return (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $element))
    (i32.const -1))

  (func (export "locateF16") (param $a i32) (param $b i32) (param $n i32) (param $delta f64) (result i32)
    (local $i i32) (local $end i32) (local $dv v128) (local $va v128) (local $vb v128)
    (local $sign_magnitude v128) (local $scale v128)
    (local.set $sign_magnitude (v128.const i32x4 0x8fffe000 0x8fffe000 0x8fffe000 0x8fffe000))
    (local.set $scale (v128.const i32x4 0x77800000 0x77800000 0x77800000 0x77800000))
    (local.set $dv (f64x2.splat (local.get $delta)))
    (local.set $end (i32.and (local.get $n) (i32.const -8)))
    (block $found
      (loop $step
        (br_if $found (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $va (v128.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 1)))))
        (local.set $vb (v128.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 1)))))
        (br_if $found (v128.any_true (v128.or
          (call $matches_f32x4
            (f32x4.mul (v128.and (i32x4.shr_s (i32x4.shl (local.get $va) (i32.const 16)) (i32.const 3)) (local.get $sign_magnitude)) (local.get $scale))
            (f32x4.mul (v128.and (i32x4.shr_s (i32x4.shl (local.get $vb) (i32.const 16)) (i32.const 3)) (local.get $sign_magnitude)) (local.get $scale))
            (local.get $dv))
          (call $matches_f32x4
            (f32x4.mul (v128.and (i32x4.shr_s (local.get $va) (i32.const 3)) (local.get $sign_magnitude)) (local.get $scale))
            (f32x4.mul (v128.and (i32x4.shr_s (local.get $vb) (i32.const 3)) (local.get $sign_magnitude)) (local.get $scale))
            (local.get $dv)))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $step)))
    (loop $element
      (if (i32.ge_u (local.get $i) (local.get $n)) (then (return (i32.const -1))))
      (if (f64.eq (local.get $delta)
            (f64.abs (f64.sub
              (call $f16_at (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 1))))
              (call $f16_at (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 1)))))))
        (then (return (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $element))
    (i32.const -1))

  (func (export "locateF32") (param $a i32) (param $b i32) (param $n i32) (param $delta f64) (result i32)
    (local $i i32) (local $end i32) (local $dv v128)
    (local.set $dv (f64x2.splat (local.get $delta)))
    (local.set $end (i32.and (local.get $n) (i32.const -4)))
    (block $found
      (loop $step
        (br_if $found (i32.ge_u (local.get $i) (local.get $end)))
        (br_if $found (v128.any_true (call $matches_f32x4
          (v128.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))))
          (v128.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2))))
          (local.get $dv))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $step)))
    (loop $element
      (if (i32.ge_u (local.get $i) (local.get $n)) (then (return (i32.const -1))))
      (if (f64.eq (local.get $delta)
            (f64.abs (f64.sub
              (call $f32_at (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))))
              (call $f32_at (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2)))))))
        (then (return (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $element))
    (i32.const -1))

  ;; ------------------------------------------------------------------------------------------
  ;; Scalar functions over one block, element by element. $kind selects the dtype: 0 BF16, 1 F16,
  ;; 2 F32. Values are decoded exactly, infinities and NaN included.

  (func $bits_at (param $kind i32) (param $p i32) (param $i i32) (result i32)
    (if (result i32) (i32.eq (local.get $kind) (i32.const 2))
      (then (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
      (else (i32.load16_u (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 1)))))))

  (func $value_of (param $kind i32) (param $bits i32) (result f64)
    (if (i32.eqz (local.get $kind))
      (then (return (f64.promote_f32 (f32.reinterpret_i32 (i32.shl (local.get $bits) (i32.const 16)))))))
    (if (i32.eq (local.get $kind) (i32.const 2))
      (then (return (f64.promote_f32 (f32.reinterpret_i32 (local.get $bits))))))
    (if (call $f16_special (local.get $bits))
      (then
        (if (i32.and (local.get $bits) (i32.const 0x3ff)) (then (return (f64.const nan))))
        (if (i32.and (local.get $bits) (i32.const 0x8000)) (then (return (f64.const -inf))))
        (return (f64.const inf))))
    (call $f16_value (local.get $bits)))

  ;; floor(log2 |x|) from the f64 exponent field, for a nonzero finite x of at most 32 bits: every
  ;; such value is a normal f64. Returns -1023 for 0.
  (func $exponent_of (param $x f64) (result i32)
    (i32.sub
      (i32.and (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 52))) (i32.const 0x7ff))
      (i32.const 1023)))

  (func $increment (param $address i32)
    (i32.store (local.get $address) (i32.add (i32.load (local.get $address)) (i32.const 1))))

  ;; Compares a block exactly, with the rules and the element order of the JavaScript reference
  ;; kernel, and writes at $out the 9 f64 of a compare record, then at offset 72 the finite
  ;; pairs, 80 NaN in a, 88 NaN in b, 96 infinities in a, 104 infinities in b, and 112 the index
  ;; in the block of the first largest finite |a-b| (-1 when it is 0).
  (func (export "exactBlock") (param $kind i32) (param $a i32) (param $b i32) (param $n i32) (param $t f64) (param $out i32)
    (local $i i32) (local $bits_a i32) (local $bits_b i32) (local $x f64) (local $y f64)
    (local $d f64) (local $ad f64) (local $x_finite i32) (local $y_finite i32)
    (local $sa f64) (local $sb f64) (local $sd2 f64) (local $sa2 f64) (local $sb2 f64) (local $sab f64)
    (local $max f64) (local $max_index i32)
    (local $changed i32) (local $differing i32) (local $finite i32)
    (local $nan_a i32) (local $nan_b i32) (local $inf_a i32) (local $inf_b i32)
    (local.set $max_index (i32.const -1))
    (block $done
      (loop $element
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; $bits_at and $value_of written out, except for F16 infinities and NaNs: calls are not
        ;; inlined on Node 20, and these four took more than half of the loop's time.
        (if (i32.eq (local.get $kind) (i32.const 2))
          (then
            (local.set $bits_a (i32.load (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $bits_b (i32.load (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 2)))))
            (local.set $x (f64.promote_f32 (f32.reinterpret_i32 (local.get $bits_a))))
            (local.set $y (f64.promote_f32 (f32.reinterpret_i32 (local.get $bits_b)))))
          (else
            (local.set $bits_a (i32.load16_u (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 1)))))
            (local.set $bits_b (i32.load16_u (i32.add (local.get $b) (i32.shl (local.get $i) (i32.const 1)))))
            (if (i32.eqz (local.get $kind))
              (then
                (local.set $x (f64.promote_f32 (f32.reinterpret_i32 (i32.shl (local.get $bits_a) (i32.const 16)))))
                (local.set $y (f64.promote_f32 (f32.reinterpret_i32 (i32.shl (local.get $bits_b) (i32.const 16))))))
              (else
                (local.set $x (f64.promote_f32 (f32.mul
                  (f32.reinterpret_i32 (i32.and (i32.shr_s (i32.shl (local.get $bits_a) (i32.const 16)) (i32.const 3))
                    (i32.const 0x8fffe000)))
                  (f32.reinterpret_i32 (i32.const 0x77800000)))))
                (local.set $y (f64.promote_f32 (f32.mul
                  (f32.reinterpret_i32 (i32.and (i32.shr_s (i32.shl (local.get $bits_b) (i32.const 16)) (i32.const 3))
                    (i32.const 0x8fffe000)))
                  (f32.reinterpret_i32 (i32.const 0x77800000)))))
                (if (i32.eq (i32.and (local.get $bits_a) (i32.const 0x7c00)) (i32.const 0x7c00))
                  (then (local.set $x (call $value_of (local.get $kind) (local.get $bits_a)))))
                (if (i32.eq (i32.and (local.get $bits_b) (i32.const 0x7c00)) (i32.const 0x7c00))
                  (then (local.set $y (call $value_of (local.get $kind) (local.get $bits_b)))))))))
        (local.set $differing (i32.add (local.get $differing)
          (i32.ne (local.get $bits_a) (local.get $bits_b))))
        (local.set $x_finite (f64.eq (f64.sub (local.get $x) (local.get $x)) (f64.const 0)))
        (local.set $y_finite (f64.eq (f64.sub (local.get $y) (local.get $y)) (f64.const 0)))
        (if (i32.eqz (local.get $x_finite))
          (then
            (if (f64.ne (local.get $x) (local.get $x))
              (then (local.set $nan_a (i32.add (local.get $nan_a) (i32.const 1))))
              (else (local.set $inf_a (i32.add (local.get $inf_a) (i32.const 1)))))))
        (if (i32.eqz (local.get $y_finite))
          (then
            (if (f64.ne (local.get $y) (local.get $y))
              (then (local.set $nan_b (i32.add (local.get $nan_b) (i32.const 1))))
              (else (local.set $inf_b (i32.add (local.get $inf_b) (i32.const 1)))))))
        ;; Pairs that are the same (equal, or both NaN) add nothing to the count or the maximum.
        (if (i32.eqz (i32.or (f64.eq (local.get $x) (local.get $y))
              (i32.and (f64.ne (local.get $x) (local.get $x)) (f64.ne (local.get $y) (local.get $y)))))
          (then
            (local.set $ad (f64.abs (f64.sub (local.get $x) (local.get $y))))
            (if (i32.eqz (f64.le (local.get $ad) (local.get $t)))
              (then (local.set $changed (i32.add (local.get $changed) (i32.const 1)))))
            (if (i32.and (f64.gt (local.get $ad) (local.get $max))
                  (f64.eq (f64.sub (local.get $ad) (local.get $ad)) (f64.const 0)))
              (then
                (local.set $max (local.get $ad))
                (local.set $max_index (local.get $i))))))
        (if (i32.and (local.get $x_finite) (local.get $y_finite))
          (then
            (local.set $finite (i32.add (local.get $finite) (i32.const 1)))
            (local.set $d (f64.sub (local.get $x) (local.get $y)))
            (local.set $sa (f64.add (local.get $sa) (local.get $x)))
            (local.set $sb (f64.add (local.get $sb) (local.get $y)))
            (local.set $sd2 (f64.add (local.get $sd2) (f64.mul (local.get $d) (local.get $d))))
            (local.set $sa2 (f64.add (local.get $sa2) (f64.mul (local.get $x) (local.get $x))))
            (local.set $sb2 (f64.add (local.get $sb2) (f64.mul (local.get $y) (local.get $y))))
            (local.set $sab (f64.add (local.get $sab) (f64.mul (local.get $x) (local.get $y))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $element)))
    (f64.store offset=0 (local.get $out) (local.get $sa))
    (f64.store offset=8 (local.get $out) (local.get $sb))
    (f64.store offset=16 (local.get $out) (local.get $sd2))
    (f64.store offset=24 (local.get $out) (local.get $sa2))
    (f64.store offset=32 (local.get $out) (local.get $sb2))
    (f64.store offset=40 (local.get $out) (local.get $sab))
    (f64.store offset=48 (local.get $out) (local.get $max))
    (f64.store offset=56 (local.get $out) (f64.convert_i32_u (local.get $changed)))
    (f64.store offset=64 (local.get $out) (f64.convert_i32_u (local.get $differing)))
    (f64.store offset=72 (local.get $out) (f64.convert_i32_u (local.get $finite)))
    (f64.store offset=80 (local.get $out) (f64.convert_i32_u (local.get $nan_a)))
    (f64.store offset=88 (local.get $out) (f64.convert_i32_u (local.get $nan_b)))
    (f64.store offset=96 (local.get $out) (f64.convert_i32_u (local.get $inf_a)))
    (f64.store offset=104 (local.get $out) (f64.convert_i32_u (local.get $inf_b)))
    (f64.store offset=112 (local.get $out) (f64.convert_i32_s (local.get $max_index))))

  ;; Adds the change profile counts of a block (see profile.ts) to the i32 counters at $out, one
  ;; per profile index, so index k is at $out + 4k. The block starts at an element index that is a
  ;; multiple of 4. Same dtype on both sides, so the cast counts stay 0.
  (func (export "profileBlock") (param $kind i32) (param $a i32) (param $b i32) (param $n i32) (param $out i32)
    (local $i i32) (local $bits_a i32) (local $bits_b i32) (local $x f64) (local $y f64)
    (local $group_zeros i32) (local $complete i32) (local $min_normal i32) (local $mantissa_bits i32)
    (local $step i32) (local $bucket i32)
    (local.set $min_normal (select (i32.const -14) (i32.const -126) (i32.eq (local.get $kind) (i32.const 1))))
    (local.set $mantissa_bits
      (select (i32.const 7) (select (i32.const 10) (i32.const 23) (i32.eq (local.get $kind) (i32.const 1)))
        (i32.eqz (local.get $kind))))
    (local.set $complete (i32.and (local.get $n) (i32.const -4)))
    (block $done
      (loop $element
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $bits_a (call $bits_at (local.get $kind) (local.get $a) (local.get $i)))
        (local.set $bits_b (call $bits_at (local.get $kind) (local.get $b) (local.get $i)))
        (local.set $x (call $value_of (local.get $kind) (local.get $bits_a)))
        (local.set $y (call $value_of (local.get $kind) (local.get $bits_b)))

        ;; zeros, signs (0..5) and groups of four (6, 7)
        (if (f64.eq (local.get $y) (f64.const 0))
          (then
            (call $increment (i32.add (local.get $out) (i32.const 12)))
            (local.set $group_zeros (i32.add (local.get $group_zeros) (i32.const 1)))
            (if (f64.ne (local.get $x) (f64.const 0))
              (then (call $increment (i32.add (local.get $out) (i32.const 16))))
              (else (call $increment (i32.add (local.get $out) (i32.const 8))))))
          (else
            (if (f64.eq (local.get $x) (f64.const 0))
              (then
                (call $increment (i32.add (local.get $out) (i32.const 8)))
                (call $increment (i32.add (local.get $out) (i32.const 20))))
              (else
                ;; Both nonzero: a pair unless one is NaN. The product of two values of at most
                ;; 32 bits never underflows in f64, so its sign is the sign agreement.
                (if (i32.and (f64.eq (local.get $x) (local.get $x)) (f64.eq (local.get $y) (local.get $y)))
                  (then
                    (call $increment (local.get $out))
                    (if (f64.gt (f64.mul (local.get $x) (local.get $y)) (f64.const 0))
                      (then (call $increment (i32.add (local.get $out) (i32.const 4)))))))))))
        (if (i32.and (i32.eq (i32.and (local.get $i) (i32.const 3)) (i32.const 3))
              (i32.lt_u (local.get $i) (local.get $complete)))
          (then
            (call $increment (i32.add (local.get $out) (i32.const 24)))
            (if (i32.ge_u (local.get $group_zeros) (i32.const 2))
              (then (call $increment (i32.add (local.get $out) (i32.const 28)))))
            (local.set $group_zeros (i32.const 0))))

        ;; head exactly representable in bfloat16 (11); every BF16 head is, counted at the end
        (if (i32.ne (local.get $kind) (i32.const 0))
          (then
            (if (i32.or (f64.ne (local.get $y) (local.get $y))
                  (i32.eqz (i32.and (i32.reinterpret_f32 (f32.demote_f64 (local.get $y))) (i32.const 0xffff))))
              (then (call $increment (i32.add (local.get $out) (i32.const 44)))))))

        ;; |delta| histogram (12..39) and magnitude buckets of a (40..71, 72..103)
        (local.set $bucket (i32.add (local.get $out) (i32.shl
          (select (i32.const 0)
            (select (i32.const 31) (local.tee $bucket (i32.add (call $exponent_of (local.get $x)) (i32.const 30)))
              (i32.gt_s (local.get $bucket) (i32.const 31)))
            (i32.lt_s (local.get $bucket) (i32.const 0)))
          (i32.const 2))))
        (if (f64.eq (local.get $x) (local.get $y))
          (then
            (call $increment (i32.add (local.get $out) (i32.const 48)))
            (if (f64.eq (f64.sub (local.get $x) (local.get $x)) (f64.const 0))
              (then (call $increment (i32.add (local.get $bucket) (i32.const 160))))))
          (else
            (if (i32.and (f64.ne (local.get $x) (local.get $x)) (f64.ne (local.get $y) (local.get $y)))
              (then (call $increment (i32.add (local.get $out) (i32.const 48))))
              (else
                (if (i32.and
                      (f64.eq (f64.sub (local.get $x) (local.get $x)) (f64.const 0))
                      (f64.eq (f64.sub (local.get $y) (local.get $y)) (f64.const 0)))
                  (then
                    ;; bin 1 + clamp(exponent(|a-b|) - ulp exponent of a, -2, 24) + 2
                    (local.set $step (call $exponent_of (local.get $x)))
                    (local.set $step (select (local.get $step) (local.get $min_normal)
                      (i32.gt_s (local.get $step) (local.get $min_normal))))
                    (local.set $step (i32.sub
                      (call $exponent_of (f64.abs (f64.sub (local.get $x) (local.get $y))))
                      (i32.sub (local.get $step) (local.get $mantissa_bits))))
                    (local.set $step (select (i32.const -2) (local.get $step) (i32.lt_s (local.get $step) (i32.const -2))))
                    (local.set $step (select (i32.const 24) (local.get $step) (i32.gt_s (local.get $step) (i32.const 24))))
                    (call $increment (i32.add (local.get $out)
                      (i32.shl (i32.add (local.get $step) (i32.const 15)) (i32.const 2))))
                    (call $increment (i32.add (local.get $bucket) (i32.const 160)))
                    (call $increment (i32.add (local.get $bucket) (i32.const 288)))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $element)))
    (if (i32.eqz (local.get $kind))
      (then (i32.store offset=44 (local.get $out) (i32.add (i32.load offset=44 (local.get $out)) (local.get $n)))))
    (i32.store offset=416 (local.get $out) (i32.add (i32.load offset=416 (local.get $out)) (local.get $n))))

  ;; ------------------------------------------------------------------------------------------
  ;; The change profile of a block without NaN or infinity, read straight from the BF16, F16 or
  ;; F32 bytes, 8 elements per step. A step turns its elements into 16-bit lanes in element
  ;; order: masks of zeros and of pairs that are the same, and the upper half of each value as an
  ;; f32 (sign, exponent field and 7 mantissa bits). The exponent field of a gives its magnitude
  ;; bucket and its rounding step (see profile.ts for the rules).
  ;;
  ;; exponent(|a - b|) is defined on the f64 difference. BF16 and F16 steps subtract in f32
  ;; instead, which is exact while the exponents of a and b are close: BF16 values have 8
  ;; significant bits, so a - b fits in the 24 bits of an f32 when the exponents (-126 for
  ;; subnormals) differ by at most 16, and F16 values (11 bits) when they differ by at most 13.
  ;; Further apart, the f32 difference can round up to the next power of two and so get the
  ;; wrong exponent. A step with such a pair of nonzero values, or with a difference whose f32
  ;; exponent field is 0 (subnormal) or 255 (overflow), takes the exponents from the f64
  ;; difference ($difference_fields). F32 steps always do.

  ;; Returns the exponent fields of the f64 differences x - y of 8 f32 pairs, given as two f32x4
  ;; per side in element order, as 16-bit lanes in element order. The fields are rebased to the
  ;; f32 bias (f64 field minus 896), so they equal the f32 exponent field wherever that is 1 to
  ;; 254, and are smaller for differences below the f32 normals. Every such f64 difference is
  ;; exact, because an f32 has 24 significant bits and exponents from -149 to 127.
  (func $difference_fields (param $x0 v128) (param $x1 v128) (param $y0 v128) (param $y1 v128) (result v128)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (local.set $d0 (i64x2.shr_u
      (f64x2.sub (f64x2.promote_low_f32x4 (local.get $x0)) (f64x2.promote_low_f32x4 (local.get $y0)))
      (i32.const 52)))
    (local.set $d1 (i64x2.shr_u
      (f64x2.sub
        (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x0) (local.get $x0)))
        (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $y0) (local.get $y0))))
      (i32.const 52)))
    (local.set $d2 (i64x2.shr_u
      (f64x2.sub (f64x2.promote_low_f32x4 (local.get $x1)) (f64x2.promote_low_f32x4 (local.get $y1)))
      (i32.const 52)))
    (local.set $d3 (i64x2.shr_u
      (f64x2.sub
        (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x1) (local.get $x1)))
        (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $y1) (local.get $y1))))
      (i32.const 52)))
    ;; The low 16 bits of each 64-bit lane hold the sign (bit 11) and the exponent field. Gather
    ;; them into 16-bit lanes 0-3 from $d0 and $d1, 4-7 from $d2 and $d3.
    (i16x8.sub
      (v128.and
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (i8x16.shuffle 0 1 8 9 16 17 24 25 0 1 8 9 16 17 24 25 (local.get $d0) (local.get $d1))
          (i8x16.shuffle 0 1 8 9 16 17 24 25 0 1 8 9 16 17 24 25 (local.get $d2) (local.get $d3)))
        (v128.const i16x8 0x7ff 0x7ff 0x7ff 0x7ff 0x7ff 0x7ff 0x7ff 0x7ff))
      (v128.const i16x8 896 896 896 896 896 896 896 896)))

  ;; Adds the profile of the first `n` pairs at $a and $b, all finite, to the i32 counters at
  ;; $out (the layout of profileBlock). $kind is 0 BF16, 1 F16, 2 F32. `n` must be a multiple
  ;; of 8 and at most 65528, so that no 16-bit count overflows.
  ;;
  ;; Each pair adds 1 to one cell of a joint histogram at $joint: magnitude bucket of a by
  ;; |delta| bin, 32 by 32 u16 cells (bins 28 to 31 stay empty), in 8 copies of 2048 bytes, one
  ;; per lane, so that the 8 increments of a step never wait for each other's stores. At the end
  ;; the function adds the histogram into the counters and zeroes it, as it must be on entry.
  (func (export "profileFinite") (param $kind i32) (param $a i32) (param $b i32) (param $n i32)
    (param $out i32) (param $joint i32)
    (local $end i32) (local $address i32)
    (local $va v128) (local $vb v128) (local $va_high v128) (local $vb_high v128)
    (local $even_a v128) (local $odd_a v128) (local $even_b v128) (local $odd_b v128)
    (local $d_even v128) (local $d_odd v128)
    (local $top_a v128) (local $top_b v128) (local $za v128) (local $zb v128)
    (local $either v128) (local $same v128) (local $exact v128)
    (local $field_a v128) (local $field_b v128) (local $field_d v128) (local $far v128)
    (local $bucket v128) (local $bin v128) (local $cell v128) (local $groups v128)
    (local $zeros_a v128) (local $zeros_b v128) (local $zeros_both v128) (local $zeros_either v128)
    (local $disagree v128) (local $half_zero v128) (local $head_exact v128)
    (local $bucket_low v128) (local $bucket_high v128)
    (local $min_field v128) (local $bin_offset v128) (local $far_gap v128)
    (local $high_half v128) (local $f16_mask v128) (local $f16_scale v128)
    (local $lowest i32) (local $highest i32) (local $row i32) (local $copy i32)
    (local $sum0 v128) (local $sum1 v128) (local $sum2 v128) (local $sum3 v128)
    (local $bins0 v128) (local $bins1 v128) (local $bins2 v128) (local $bins3 v128)
    (local $total i32)

    ;; Per dtype: the smallest exponent field of the rounding step (the minimum normal exponent
    ;; plus 127), the mantissa bits plus 3 (bin = step + 3), and the largest exponent gap at
    ;; which the f32 difference is exact.
    (if (i32.eqz (local.get $kind))
      (then
        (local.set $min_field (v128.const i16x8 1 1 1 1 1 1 1 1))
        (local.set $bin_offset (v128.const i16x8 10 10 10 10 10 10 10 10))
        (local.set $far_gap (v128.const i16x8 16 16 16 16 16 16 16 16))))
    (if (i32.eq (local.get $kind) (i32.const 1))
      (then
        (local.set $min_field (v128.const i16x8 113 113 113 113 113 113 113 113))
        (local.set $bin_offset (v128.const i16x8 13 13 13 13 13 13 13 13))
        (local.set $far_gap (v128.const i16x8 13 13 13 13 13 13 13 13))))
    (if (i32.eq (local.get $kind) (i32.const 2))
      (then
        (local.set $min_field (v128.const i16x8 1 1 1 1 1 1 1 1))
        (local.set $bin_offset (v128.const i16x8 26 26 26 26 26 26 26 26))))
    (local.set $high_half (v128.const i32x4 0xffff0000 0xffff0000 0xffff0000 0xffff0000))
    (local.set $f16_mask (v128.const i32x4 0x8fffe000 0x8fffe000 0x8fffe000 0x8fffe000))
    (local.set $f16_scale (v128.const i32x4 0x77800000 0x77800000 0x77800000 0x77800000))
    (local.set $bucket_low (v128.const i16x8 31 31 31 31 31 31 31 31))
    (local.set $end (i32.add (local.get $a)
      (i32.shl (local.get $n) (select (i32.const 2) (i32.const 1) (i32.eq (local.get $kind) (i32.const 2))))))

    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (if (i32.eq (local.get $kind) (i32.const 2))
          (then
            ;; F32: two vectors per side, narrowed to 16-bit lanes in element order
            (local.set $va (v128.load (local.get $a)))
            (local.set $va_high (v128.load offset=16 (local.get $a)))
            (local.set $vb (v128.load (local.get $b)))
            (local.set $vb_high (v128.load offset=16 (local.get $b)))
            (local.set $za (i16x8.narrow_i32x4_s
              (f32x4.eq (local.get $va) (v128.const f32x4 0 0 0 0))
              (f32x4.eq (local.get $va_high) (v128.const f32x4 0 0 0 0))))
            (local.set $zb (i16x8.narrow_i32x4_s
              (f32x4.eq (local.get $vb) (v128.const f32x4 0 0 0 0))
              (f32x4.eq (local.get $vb_high) (v128.const f32x4 0 0 0 0))))
            (local.set $same (i16x8.narrow_i32x4_s
              (f32x4.eq (local.get $va) (local.get $vb))
              (f32x4.eq (local.get $va_high) (local.get $vb_high))))
            (local.set $top_a (i16x8.narrow_i32x4_s
              (i32x4.shr_s (local.get $va) (i32.const 16)) (i32x4.shr_s (local.get $va_high) (i32.const 16))))
            (local.set $top_b (i16x8.narrow_i32x4_s
              (i32x4.shr_s (local.get $vb) (i32.const 16)) (i32x4.shr_s (local.get $vb_high) (i32.const 16))))
            ;; b is a bfloat16 value when the low half of its f32 is 0
            (local.set $exact (i16x8.narrow_i32x4_s
              (i32x4.eq (v128.and (local.get $vb) (v128.const i32x4 0xffff 0xffff 0xffff 0xffff))
                (v128.const i32x4 0 0 0 0))
              (i32x4.eq (v128.and (local.get $vb_high) (v128.const i32x4 0xffff 0xffff 0xffff 0xffff))
                (v128.const i32x4 0 0 0 0))))
            (local.set $field_d (call $difference_fields
              (local.get $va) (local.get $va_high) (local.get $vb) (local.get $vb_high)))
            (local.set $field_a (v128.and (i16x8.shr_u (local.get $top_a) (i32.const 7))
              (v128.const i16x8 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff)))
            (local.set $a (i32.add (local.get $a) (i32.const 32)))
            (local.set $b (i32.add (local.get $b) (i32.const 32))))
          (else
            ;; BF16 and F16: one vector of 8 elements per side. Equal bits or two zeros are the
            ;; same value, since neither dtype has another encoding of a finite value.
            (local.set $va (v128.load (local.get $a)))
            (local.set $vb (v128.load (local.get $b)))
            (local.set $za (i16x8.eq (v128.and (local.get $va) (v128.const i16x8 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff))
              (v128.const i16x8 0 0 0 0 0 0 0 0)))
            (local.set $zb (i16x8.eq (v128.and (local.get $vb) (v128.const i16x8 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff))
              (v128.const i16x8 0 0 0 0 0 0 0 0)))
            (local.set $same (v128.or (i16x8.eq (local.get $va) (local.get $vb))
              (v128.and (local.get $za) (local.get $zb))))
            ;; The even elements in the high halves of 32-bit lanes, and the odd ones in place
            ;; with the low halves cleared: for BF16 these are the elements' f32 values.
            (local.set $even_a (i32x4.shl (local.get $va) (i32.const 16)))
            (local.set $odd_a (v128.and (local.get $va) (local.get $high_half)))
            (local.set $even_b (i32x4.shl (local.get $vb) (i32.const 16)))
            (local.set $odd_b (v128.and (local.get $vb) (local.get $high_half)))
            (if (i32.eqz (local.get $kind))
              (then
                (local.set $top_a (local.get $va))
                (local.set $top_b (local.get $vb)))
              (else
                ;; F16 to f32 as in $f16_value, written out because calls are not inlined
                (local.set $even_a (f32x4.mul (v128.and (i32x4.shr_s (local.get $even_a) (i32.const 3))
                  (local.get $f16_mask)) (local.get $f16_scale)))
                (local.set $odd_a (f32x4.mul (v128.and (i32x4.shr_s (local.get $odd_a) (i32.const 3))
                  (local.get $f16_mask)) (local.get $f16_scale)))
                (local.set $even_b (f32x4.mul (v128.and (i32x4.shr_s (local.get $even_b) (i32.const 3))
                  (local.get $f16_mask)) (local.get $f16_scale)))
                (local.set $odd_b (f32x4.mul (v128.and (i32x4.shr_s (local.get $odd_b) (i32.const 3))
                  (local.get $f16_mask)) (local.get $f16_scale)))
                (local.set $top_a (v128.or (i32x4.shr_u (local.get $even_a) (i32.const 16))
                  (v128.and (local.get $odd_a) (local.get $high_half))))
                (local.set $top_b (v128.or (i32x4.shr_u (local.get $even_b) (i32.const 16))
                  (v128.and (local.get $odd_b) (local.get $high_half))))
                ;; b is a bfloat16 value when the low half of its f32 is 0
                (local.set $exact (i16x8.eq
                  (v128.or (v128.and (local.get $even_b) (v128.const i32x4 0xffff 0xffff 0xffff 0xffff))
                    (i32x4.shl (local.get $odd_b) (i32.const 16)))
                  (v128.const i16x8 0 0 0 0 0 0 0 0)))))
            ;; exponent field of the f32 difference, from the upper halves of its lanes
            (local.set $d_even (f32x4.sub (local.get $even_a) (local.get $even_b)))
            (local.set $d_odd (f32x4.sub (local.get $odd_a) (local.get $odd_b)))
            (local.set $field_d (v128.and
              (i16x8.shr_u
                (v128.or (i32x4.shr_u (local.get $d_even) (i32.const 16))
                  (v128.and (local.get $d_odd) (local.get $high_half)))
                (i32.const 7))
              (v128.const i16x8 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff)))
            (local.set $field_b (v128.and (i16x8.shr_u (local.get $top_b) (i32.const 7))
              (v128.const i16x8 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff)))
            (local.set $field_a (v128.and (i16x8.shr_u (local.get $top_a) (i32.const 7))
              (v128.const i16x8 0xff 0xff 0xff 0xff 0xff 0xff 0xff 0xff)))
            ;; Pairs of nonzero values whose exponents are too far apart for an exact f32
            ;; difference, and pairs that differ by a subnormal or an overflowing f32.
            (local.set $far (i16x8.gt_s
              (i16x8.abs (i16x8.sub
                (i16x8.max_u (local.get $field_a) (v128.const i16x8 1 1 1 1 1 1 1 1))
                (i16x8.max_u (local.get $field_b) (v128.const i16x8 1 1 1 1 1 1 1 1))))
              (local.get $far_gap)))
            (if (v128.any_true (v128.or
                  (v128.andnot (local.get $far) (v128.or (local.get $za) (local.get $zb)))
                  (v128.andnot
                    (i16x8.gt_u (i16x8.sub (local.get $field_d) (v128.const i16x8 1 1 1 1 1 1 1 1))
                      (v128.const i16x8 253 253 253 253 253 253 253 253))
                    (local.get $same))))
              (then
                ;; The f32 values in element order: the even and odd lanes interleaved.
                (local.set $field_d (call $difference_fields
                  (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $even_a) (local.get $odd_a))
                  (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $even_a) (local.get $odd_a))
                  (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $even_b) (local.get $odd_b))
                  (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $even_b) (local.get $odd_b))))))
            (local.set $a (i32.add (local.get $a) (i32.const 16)))
            (local.set $b (i32.add (local.get $b) (i32.const 16)))))

        ;; zeros and signs
        (local.set $either (v128.or (local.get $za) (local.get $zb)))
        (local.set $zeros_a (i16x8.sub (local.get $zeros_a) (local.get $za)))
        (local.set $zeros_b (i16x8.sub (local.get $zeros_b) (local.get $zb)))
        (local.set $zeros_both (i16x8.sub (local.get $zeros_both) (v128.and (local.get $za) (local.get $zb))))
        (local.set $zeros_either (i16x8.sub (local.get $zeros_either) (local.get $either)))
        (local.set $disagree (i16x8.sub (local.get $disagree)
          (v128.andnot (i16x8.shr_s (v128.xor (local.get $top_a) (local.get $top_b)) (i32.const 15))
            (local.get $either))))
        (local.set $head_exact (i16x8.sub (local.get $head_exact) (local.get $exact)))
        ;; Groups of four with at least 2 zeros in b: zeros per pair of elements, then per group
        ;; in both of its 32-bit lanes, so each group is counted twice.
        (local.set $groups (i32x4.extadd_pairwise_i16x8_s (local.get $zb)))
        (local.set $groups (i32x4.add (local.get $groups)
          (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get $groups) (local.get $groups))))
        (local.set $half_zero (i32x4.sub (local.get $half_zero)
          (i32x4.le_s (local.get $groups) (v128.const i32x4 -2 -2 -2 -2))))

        ;; magnitude bucket of a, clamp(exponent + 30, 0, 31), where zero and f32 subnormals
        ;; give 0; then the bin, clamp(step, -2, 24) + 3, or 0 for pairs that are the same
        (local.set $bucket (i16x8.min_u (i16x8.sub_sat_u (local.get $field_a) (v128.const i16x8 97 97 97 97 97 97 97 97))
          (v128.const i16x8 31 31 31 31 31 31 31 31)))
        (local.set $bucket_low (i16x8.min_u (local.get $bucket_low) (local.get $bucket)))
        (local.set $bucket_high (i16x8.max_u (local.get $bucket_high) (local.get $bucket)))
        (local.set $bin (v128.andnot
          (i16x8.min_s (v128.const i16x8 27 27 27 27 27 27 27 27)
            (i16x8.max_s (v128.const i16x8 1 1 1 1 1 1 1 1)
              (i16x8.add (i16x8.sub (local.get $field_d) (i16x8.max_s (local.get $field_a) (local.get $min_field)))
                (local.get $bin_offset))))
          (local.get $same)))
        (local.set $cell (i16x8.add
          (v128.or (i16x8.shl (local.get $bucket) (i32.const 6)) (i16x8.shl (local.get $bin) (i32.const 1)))
          (v128.const i16x8 0 2048 4096 6144 8192 10240 12288 14336)))
        ;; The increments are written out because Node 20 does not inline wasm calls.
        (local.set $address (i32.add (local.get $joint) (i16x8.extract_lane_u 0 (local.get $cell))))
        (i32.store16 (local.get $address) (i32.add (i32.load16_u (local.get $address)) (i32.const 1)))
        (local.set $address (i32.add (local.get $joint) (i16x8.extract_lane_u 1 (local.get $cell))))
        (i32.store16 (local.get $address) (i32.add (i32.load16_u (local.get $address)) (i32.const 1)))
        (local.set $address (i32.add (local.get $joint) (i16x8.extract_lane_u 2 (local.get $cell))))
        (i32.store16 (local.get $address) (i32.add (i32.load16_u (local.get $address)) (i32.const 1)))
        (local.set $address (i32.add (local.get $joint) (i16x8.extract_lane_u 3 (local.get $cell))))
        (i32.store16 (local.get $address) (i32.add (i32.load16_u (local.get $address)) (i32.const 1)))
        (local.set $address (i32.add (local.get $joint) (i16x8.extract_lane_u 4 (local.get $cell))))
        (i32.store16 (local.get $address) (i32.add (i32.load16_u (local.get $address)) (i32.const 1)))
        (local.set $address (i32.add (local.get $joint) (i16x8.extract_lane_u 5 (local.get $cell))))
        (i32.store16 (local.get $address) (i32.add (i32.load16_u (local.get $address)) (i32.const 1)))
        (local.set $address (i32.add (local.get $joint) (i16x8.extract_lane_u 6 (local.get $cell))))
        (i32.store16 (local.get $address) (i32.add (i32.load16_u (local.get $address)) (i32.const 1)))
        (local.set $address (i32.add (local.get $joint) (i16x8.extract_lane_u 7 (local.get $cell))))
        (i32.store16 (local.get $address) (i32.add (i32.load16_u (local.get $address)) (i32.const 1)))
        (br $step)))

    ;; Fold the rows of the buckets seen, lowest to highest, across the 8 copies, zeroing them.
    ;; Every sum below is at most n, so it fits in 16 bits.
    (local.set $lowest (call $i16x8_min_u (local.get $bucket_low)))
    (local.set $highest (call $i16x8_max_u (local.get $bucket_high)))
    (block $folded
      (loop $fold
        (br_if $folded (i32.gt_u (local.get $lowest) (local.get $highest)))
        (local.set $row (i32.add (local.get $joint) (i32.shl (local.get $lowest) (i32.const 6))))
        (local.set $sum0 (v128.const i32x4 0 0 0 0))
        (local.set $sum1 (v128.const i32x4 0 0 0 0))
        (local.set $sum2 (v128.const i32x4 0 0 0 0))
        (local.set $sum3 (v128.const i32x4 0 0 0 0))
        (local.set $copy (i32.const 0))
        (loop $copies
          (local.set $address (i32.add (local.get $row) (i32.shl (local.get $copy) (i32.const 11))))
          (local.set $sum0 (i16x8.add (local.get $sum0) (v128.load offset=0 (local.get $address))))
          (local.set $sum1 (i16x8.add (local.get $sum1) (v128.load offset=16 (local.get $address))))
          (local.set $sum2 (i16x8.add (local.get $sum2) (v128.load offset=32 (local.get $address))))
          (local.set $sum3 (i16x8.add (local.get $sum3) (v128.load offset=48 (local.get $address))))
          (v128.store offset=0 (local.get $address) (v128.const i32x4 0 0 0 0))
          (v128.store offset=16 (local.get $address) (v128.const i32x4 0 0 0 0))
          (v128.store offset=32 (local.get $address) (v128.const i32x4 0 0 0 0))
          (v128.store offset=48 (local.get $address) (v128.const i32x4 0 0 0 0))
          (local.set $copy (i32.add (local.get $copy) (i32.const 1)))
          (br_if $copies (i32.lt_u (local.get $copy) (i32.const 8))))
        (local.set $bins0 (i16x8.add (local.get $bins0) (local.get $sum0)))
        (local.set $bins1 (i16x8.add (local.get $bins1) (local.get $sum1)))
        (local.set $bins2 (i16x8.add (local.get $bins2) (local.get $sum2)))
        (local.set $bins3 (i16x8.add (local.get $bins3) (local.get $sum3)))
        ;; bucket total (40 + bucket) and changed (72 + bucket): all bins, and all but bin 0
        (local.set $total (call $i32x4_sum (i32x4.extadd_pairwise_i16x8_u
          (i16x8.add (i16x8.add (local.get $sum0) (local.get $sum1))
            (i16x8.add (local.get $sum2) (local.get $sum3))))))
        (local.set $address (i32.add (local.get $out) (i32.shl (local.get $lowest) (i32.const 2))))
        (i32.store offset=160 (local.get $address)
          (i32.add (i32.load offset=160 (local.get $address)) (local.get $total)))
        (i32.store offset=288 (local.get $address)
          (i32.add (i32.load offset=288 (local.get $address))
            (i32.sub (local.get $total) (i16x8.extract_lane_u 0 (local.get $sum0)))))
        (local.set $lowest (i32.add (local.get $lowest) (i32.const 1)))
        (br $fold)))
    ;; the |delta| histogram, bins 0 to 27 (12..39)
    (v128.store offset=48 (local.get $out)
      (i32x4.add (v128.load offset=48 (local.get $out)) (i32x4.extend_low_i16x8_u (local.get $bins0))))
    (v128.store offset=64 (local.get $out)
      (i32x4.add (v128.load offset=64 (local.get $out)) (i32x4.extend_high_i16x8_u (local.get $bins0))))
    (v128.store offset=80 (local.get $out)
      (i32x4.add (v128.load offset=80 (local.get $out)) (i32x4.extend_low_i16x8_u (local.get $bins1))))
    (v128.store offset=96 (local.get $out)
      (i32x4.add (v128.load offset=96 (local.get $out)) (i32x4.extend_high_i16x8_u (local.get $bins1))))
    (v128.store offset=112 (local.get $out)
      (i32x4.add (v128.load offset=112 (local.get $out)) (i32x4.extend_low_i16x8_u (local.get $bins2))))
    (v128.store offset=128 (local.get $out)
      (i32x4.add (v128.load offset=128 (local.get $out)) (i32x4.extend_high_i16x8_u (local.get $bins2))))
    (v128.store offset=144 (local.get $out)
      (i32x4.add (v128.load offset=144 (local.get $out)) (i32x4.extend_low_i16x8_u (local.get $bins3))))

    ;; zeros, signs (0..5), groups of four (6, 7), head exact in bfloat16 (11), elements (104)
    (local.set $total (i32.sub (local.get $n) (call $i16x8_sum (local.get $zeros_either))))
    (call $add_count (local.get $out) (local.get $total))
    (call $add_count (i32.add (local.get $out) (i32.const 4))
      (i32.sub (local.get $total) (call $i16x8_sum (local.get $disagree))))
    (call $add_count (i32.add (local.get $out) (i32.const 8)) (call $i16x8_sum (local.get $zeros_a)))
    (call $add_count (i32.add (local.get $out) (i32.const 12)) (call $i16x8_sum (local.get $zeros_b)))
    (call $add_count (i32.add (local.get $out) (i32.const 16))
      (i32.sub (call $i16x8_sum (local.get $zeros_b)) (call $i16x8_sum (local.get $zeros_both))))
    (call $add_count (i32.add (local.get $out) (i32.const 20))
      (i32.sub (call $i16x8_sum (local.get $zeros_a)) (call $i16x8_sum (local.get $zeros_both))))
    (call $add_count (i32.add (local.get $out) (i32.const 24)) (i32.shr_u (local.get $n) (i32.const 2)))
    (call $add_count (i32.add (local.get $out) (i32.const 28))
      (i32.shr_u (call $i32x4_sum (local.get $half_zero)) (i32.const 1)))
    (call $add_count (i32.add (local.get $out) (i32.const 44))
      (select (local.get $n) (call $i16x8_sum (local.get $head_exact)) (i32.eqz (local.get $kind))))
    (call $add_count (i32.add (local.get $out) (i32.const 416)) (local.get $n)))

  (func $add_count (param $address i32) (param $count i32)
    (i32.store (local.get $address) (i32.add (i32.load (local.get $address)) (local.get $count))))

  ;; The sum of 8 signed 16-bit lanes.
  (func $i16x8_sum (param $v v128) (result i32)
    (call $i32x4_sum (i32x4.extadd_pairwise_i16x8_s (local.get $v))))

  (func $i16x8_min_u (param $v v128) (result i32)
    (local.set $v (i16x8.min_u (local.get $v)
      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
    (local.set $v (i16x8.min_u (local.get $v)
      (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $v) (local.get $v))))
    (local.set $v (i16x8.min_u (local.get $v)
      (i8x16.shuffle 2 3 0 1 2 3 0 1 2 3 0 1 2 3 0 1 (local.get $v) (local.get $v))))
    (i16x8.extract_lane_u 0 (local.get $v)))

  (func $i16x8_max_u (param $v v128) (result i32)
    (local.set $v (i16x8.max_u (local.get $v)
      (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
    (local.set $v (i16x8.max_u (local.get $v)
      (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $v) (local.get $v))))
    (local.set $v (i16x8.max_u (local.get $v)
      (i8x16.shuffle 2 3 0 1 2 3 0 1 2 3 0 1 2 3 0 1 (local.get $v) (local.get $v))))
    (i16x8.extract_lane_u 0 (local.get $v)))

  ;; ------------------------------------------------------------------------------------------
  ;; Exports: one record per block of `n` elements, in block order. Base and head must not
  ;; overlap the records.

  (func (export "compareBF16") (param $a i32) (param $b i32) (param $n i32) (param $t f64) (param $out i32)
    (local $count i32)
    (block $done
      (loop $block
        (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
        (local.set $count (select (global.get $block_elements) (local.get $n)
          (i32.gt_s (local.get $n) (global.get $block_elements))))
        (call $compare_block_bf16 (local.get $a) (local.get $b) (local.get $count) (local.get $t) (local.get $out))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $count) (i32.const 1))))
        (local.set $b (i32.add (local.get $b) (i32.shl (local.get $count) (i32.const 1))))
        (local.set $out (i32.add (local.get $out) (global.get $record_bytes)))
        (local.set $n (i32.sub (local.get $n) (local.get $count)))
        (br $block))))

  (func (export "compareF16") (param $a i32) (param $b i32) (param $n i32) (param $t f64) (param $out i32)
    (local $count i32)
    (block $done
      (loop $block
        (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
        (local.set $count (select (global.get $block_elements) (local.get $n)
          (i32.gt_s (local.get $n) (global.get $block_elements))))
        (call $compare_block_f16 (local.get $a) (local.get $b) (local.get $count) (local.get $t) (local.get $out))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $count) (i32.const 1))))
        (local.set $b (i32.add (local.get $b) (i32.shl (local.get $count) (i32.const 1))))
        (local.set $out (i32.add (local.get $out) (global.get $record_bytes)))
        (local.set $n (i32.sub (local.get $n) (local.get $count)))
        (br $block))))

  (func (export "compareF32") (param $a i32) (param $b i32) (param $n i32) (param $t f64) (param $out i32)
    (local $count i32)
    (block $done
      (loop $block
        (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
        (local.set $count (select (global.get $block_elements) (local.get $n)
          (i32.gt_s (local.get $n) (global.get $block_elements))))
        (call $compare_block_f32 (local.get $a) (local.get $b) (local.get $count) (local.get $t) (local.get $out))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $count) (i32.const 2))))
        (local.set $b (i32.add (local.get $b) (i32.shl (local.get $count) (i32.const 2))))
        (local.set $out (i32.add (local.get $out) (global.get $record_bytes)))
        (local.set $n (i32.sub (local.get $n) (local.get $count)))
        (br $block))))

  (func (export "identicalBF16") (param $a i32) (param $n i32) (param $out i32)
    (local $count i32)
    (block $done
      (loop $block
        (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
        (local.set $count (select (global.get $block_elements) (local.get $n)
          (i32.gt_s (local.get $n) (global.get $block_elements))))
        (call $identical_block_bf16 (local.get $a) (local.get $count) (local.get $out))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $count) (i32.const 1))))
        (local.set $out (i32.add (local.get $out) (global.get $record_bytes)))
        (local.set $n (i32.sub (local.get $n) (local.get $count)))
        (br $block))))

  (func (export "identicalF16") (param $a i32) (param $n i32) (param $out i32)
    (local $count i32)
    (block $done
      (loop $block
        (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
        (local.set $count (select (global.get $block_elements) (local.get $n)
          (i32.gt_s (local.get $n) (global.get $block_elements))))
        (call $identical_block_f16 (local.get $a) (local.get $count) (local.get $out))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $count) (i32.const 1))))
        (local.set $out (i32.add (local.get $out) (global.get $record_bytes)))
        (local.set $n (i32.sub (local.get $n) (local.get $count)))
        (br $block))))

  (func (export "identicalF32") (param $a i32) (param $n i32) (param $out i32)
    (local $count i32)
    (block $done
      (loop $block
        (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
        (local.set $count (select (global.get $block_elements) (local.get $n)
          (i32.gt_s (local.get $n) (global.get $block_elements))))
        (call $identical_block_f32 (local.get $a) (local.get $count) (local.get $out))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $count) (i32.const 2))))
        (local.set $out (i32.add (local.get $out) (global.get $record_bytes)))
        (local.set $n (i32.sub (local.get $n) (local.get $count)))
        (br $block)))))
