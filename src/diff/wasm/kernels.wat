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
  (memory (export "memory") 19 19)

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
  ;; The change profile of a block without NaN or infinity, 4 elements (one group of four) per
  ;; step, from f32 values in element order. BF16 and F16 blocks are first widened into f32 areas
  ;; by widenBF16 and widenF16, which may write up to 7 elements past `n`.

  (func (export "widenBF16") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $v (v128.load (local.get $src)))
        (v128.store (local.get $dst) (i32x4.shl (i32x4.extend_low_i16x8_u (local.get $v)) (i32.const 16)))
        (v128.store offset=16 (local.get $dst) (i32x4.shl (i32x4.extend_high_i16x8_u (local.get $v)) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $step))))

  (func $widen_f16_lanes (param $v v128) (result v128)
    (f32x4.mul
      (v128.and (i32x4.shr_s (i32x4.shl (local.get $v) (i32.const 16)) (i32.const 3))
        (v128.const i32x4 0x8fffe000 0x8fffe000 0x8fffe000 0x8fffe000))
      (v128.const i32x4 0x77800000 0x77800000 0x77800000 0x77800000)))

  (func (export "widenF16") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $v (v128.load (local.get $src)))
        (v128.store (local.get $dst) (call $widen_f16_lanes (i32x4.extend_low_i16x8_u (local.get $v))))
        (v128.store offset=16 (local.get $dst) (call $widen_f16_lanes (i32x4.extend_high_i16x8_u (local.get $v))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $step))))

  ;; Adds the profile of the first `n` (a multiple of 4) f32 pairs at $a and $b, all finite, to
  ;; the i32 counters at $out (the layout of profileBlock) and to the joint histogram at $joint:
  ;; 4 copies, one per lane, of 32 magnitude buckets of a by 28 |delta| bins, i32 each. The caller
  ;; folds the joint histogram into the profile's histogram and bucket counts. $head_bf16 is 1
  ;; when the head's dtype is wider than bfloat16, so that its exactness has to be tested.
  (func (export "profileFinite") (param $a i32) (param $b i32) (param $n i32)
    (param $min_normal i32) (param $mantissa_bits i32) (param $head_bf16 i32)
    (param $out i32) (param $joint i32)
    (local $end i32) (local $va v128) (local $vb v128) (local $za v128) (local $zb v128)
    (local $nonzero v128) (local $equal v128)
    (local $zeros_a v128) (local $zeros_b v128) (local $new_zeros v128) (local $removed v128)
    (local $pairs v128) (local $agree v128) (local $exact v128) (local $half_zero i32)
    (local $exponent_a v128) (local $bucket v128) (local $ulp v128) (local $step v128)
    (local $dlo v128) (local $dhi v128) (local $cell v128)
    (local $min_normal_v v128) (local $mantissa_v v128) (local $lane_offsets v128) (local $address i32)
    (local.set $min_normal_v (i32x4.splat (local.get $min_normal)))
    (local.set $mantissa_v (i32x4.splat (local.get $mantissa_bits)))
    ;; byte offset of each lane's copy of the joint histogram: 32 * 28 cells of 4 bytes
    (local.set $lane_offsets (v128.const i32x4 0 3584 7168 10752))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $step_loop
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $va (v128.load (local.get $a)))
        (local.set $vb (v128.load (local.get $b)))

        ;; zeros, signs and the group of four
        (local.set $za (f32x4.eq (local.get $va) (f32x4.splat (f32.const 0))))
        (local.set $zb (f32x4.eq (local.get $vb) (f32x4.splat (f32.const 0))))
        (local.set $zeros_a (i32x4.sub (local.get $zeros_a) (local.get $za)))
        (local.set $zeros_b (i32x4.sub (local.get $zeros_b) (local.get $zb)))
        (local.set $new_zeros (i32x4.sub (local.get $new_zeros) (v128.andnot (local.get $zb) (local.get $za))))
        (local.set $removed (i32x4.sub (local.get $removed) (v128.andnot (local.get $za) (local.get $zb))))
        (local.set $nonzero (v128.not (v128.or (local.get $za) (local.get $zb))))
        (local.set $pairs (i32x4.sub (local.get $pairs) (local.get $nonzero)))
        (local.set $agree (i32x4.sub (local.get $agree)
          (v128.andnot (local.get $nonzero)
            (i32x4.shr_s (v128.xor (local.get $va) (local.get $vb)) (i32.const 31)))))
        (local.set $half_zero (i32.add (local.get $half_zero)
          (i32.ge_u (i32.popcnt (i32x4.bitmask (local.get $zb))) (i32.const 2))))
        (if (local.get $head_bf16)
          (then
            (local.set $exact (i32x4.sub (local.get $exact)
              (i32x4.eq (v128.and (local.get $vb) (v128.const i32x4 0xffff 0xffff 0xffff 0xffff))
                (v128.const i32x4 0 0 0 0))))))

        ;; magnitude bucket of a: clamp(exponent + 30, 0, 31); zero and f32 subnormals give 0
        (local.set $exponent_a (i32x4.sub
          (v128.and (i32x4.shr_u (local.get $va) (i32.const 23)) (v128.const i32x4 0xff 0xff 0xff 0xff))
          (v128.const i32x4 127 127 127 127)))
        (local.set $bucket (i32x4.min_s (v128.const i32x4 31 31 31 31)
          (i32x4.max_s (v128.const i32x4 0 0 0 0)
            (i32x4.add (local.get $exponent_a) (v128.const i32x4 30 30 30 30)))))
        (local.set $ulp (i32x4.sub (i32x4.max_s (local.get $exponent_a) (local.get $min_normal_v))
          (local.get $mantissa_v)))
        ;; exponent of |a - b| from the exact f64 difference
        (local.set $dlo (f64x2.sub (f64x2.promote_low_f32x4 (local.get $va)) (f64x2.promote_low_f32x4 (local.get $vb))))
        (local.set $dhi (f64x2.sub
          (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $va) (local.get $va)))
          (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $vb) (local.get $vb)))))
        (local.set $step (i32x4.sub
          (v128.and
            (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27
              (i64x2.shr_u (local.get $dlo) (i32.const 52)) (i64x2.shr_u (local.get $dhi) (i32.const 52)))
            (v128.const i32x4 0x7ff 0x7ff 0x7ff 0x7ff))
          (i32x4.add (local.get $ulp) (v128.const i32x4 1023 1023 1023 1023))))
        (local.set $step (i32x4.min_s (v128.const i32x4 24 24 24 24)
          (i32x4.max_s (v128.const i32x4 -2 -2 -2 -2) (local.get $step))))
        ;; bin step + 3, or 0 for pairs that are equal (+0 and -0 included)
        (local.set $equal (f32x4.eq (local.get $va) (local.get $vb)))
        (local.set $cell (i32x4.add
          (i32x4.add (i32x4.mul (local.get $bucket) (v128.const i32x4 28 28 28 28))
            (v128.andnot (i32x4.add (local.get $step) (v128.const i32x4 3 3 3 3)) (local.get $equal)))
          (v128.const i32x4 0 896 1792 2688)))
        (local.set $cell (i32x4.add (i32x4.shl (local.get $cell) (i32.const 2))
          (i32x4.splat (local.get $joint))))
        ;; The increments are written out because Node 20 does not inline wasm calls, and a call
        ;; per lane took more than half of this loop's time.
        (local.set $address (i32x4.extract_lane 0 (local.get $cell)))
        (i32.store (local.get $address) (i32.add (i32.load (local.get $address)) (i32.const 1)))
        (local.set $address (i32x4.extract_lane 1 (local.get $cell)))
        (i32.store (local.get $address) (i32.add (i32.load (local.get $address)) (i32.const 1)))
        (local.set $address (i32x4.extract_lane 2 (local.get $cell)))
        (i32.store (local.get $address) (i32.add (i32.load (local.get $address)) (i32.const 1)))
        (local.set $address (i32x4.extract_lane 3 (local.get $cell)))
        (i32.store (local.get $address) (i32.add (i32.load (local.get $address)) (i32.const 1)))

        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $step_loop)))
    (call $add_lanes (local.get $out) (local.get $pairs))
    (call $add_lanes (i32.add (local.get $out) (i32.const 4)) (local.get $agree))
    (call $add_lanes (i32.add (local.get $out) (i32.const 8)) (local.get $zeros_a))
    (call $add_lanes (i32.add (local.get $out) (i32.const 12)) (local.get $zeros_b))
    (call $add_lanes (i32.add (local.get $out) (i32.const 16)) (local.get $new_zeros))
    (call $add_lanes (i32.add (local.get $out) (i32.const 20)) (local.get $removed))
    (i32.store offset=24 (local.get $out)
      (i32.add (i32.load offset=24 (local.get $out)) (i32.shr_u (local.get $n) (i32.const 2))))
    (i32.store offset=28 (local.get $out)
      (i32.add (i32.load offset=28 (local.get $out)) (local.get $half_zero)))
    (if (local.get $head_bf16)
      (then (call $add_lanes (i32.add (local.get $out) (i32.const 44)) (local.get $exact)))
      (else (i32.store offset=44 (local.get $out)
        (i32.add (i32.load offset=44 (local.get $out)) (local.get $n)))))
    (i32.store offset=416 (local.get $out)
      (i32.add (i32.load offset=416 (local.get $out)) (local.get $n))))

  (func $add_lanes (param $address i32) (param $v v128)
    (i32.store (local.get $address)
      (i32.add (i32.load (local.get $address)) (call $i32x4_sum (local.get $v)))))

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
