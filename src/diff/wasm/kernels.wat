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
  ;; 2^112 is exact. Exponent 31 (infinity, NaN) becomes a finite value of at least 2^16, so the
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
    (local $sign_magnitude v128) (local $scale v128) (local $low_bits v128)
    (local.set $tv (f64x2.splat (local.get $t)))
    (local.set $sign_magnitude (v128.const i32x4 0x8fffe000 0x8fffe000 0x8fffe000 0x8fffe000))
    (local.set $scale (v128.const i32x4 0x77800000 0x77800000 0x77800000 0x77800000))
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
          (local.set $x (f32x4.mul (v128.and (i32x4.shr_s (i32x4.shl (local.get $va) (i32.const 16)) (i32.const 3)) (local.get $sign_magnitude)) (local.get $scale)))
          (local.set $y (f32x4.mul (v128.and (i32x4.shr_s (i32x4.shl (local.get $vb) (i32.const 16)) (i32.const 3)) (local.get $sign_magnitude)) (local.get $scale)))
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
          (local.set $x (f32x4.mul (v128.and (i32x4.shr_s (local.get $va) (i32.const 3)) (local.get $sign_magnitude)) (local.get $scale)))
          (local.set $y (f32x4.mul (v128.and (i32x4.shr_s (local.get $vb) (i32.const 3)) (local.get $sign_magnitude)) (local.get $scale)))
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
    (local $sign_magnitude v128) (local $scale v128) (local $low_bits v128)
    (local.set $sign_magnitude (v128.const i32x4 0x8fffe000 0x8fffe000 0x8fffe000 0x8fffe000))
    (local.set $scale (v128.const i32x4 0x77800000 0x77800000 0x77800000 0x77800000))
    (local.set $low_bits (v128.const i16x8 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff 0x7fff))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 1))))
    (if (i32.lt_u (local.get $a) (local.get $end))
      (then
        (loop $step
          (local.set $va (v128.load (local.get $a)))
          (local.set $magnitude (i16x8.max_u (local.get $magnitude)
            (v128.and (local.get $va) (local.get $low_bits))))
          (local.set $x (f32x4.mul (v128.and (i32x4.shr_s (i32x4.shl (local.get $va) (i32.const 16)) (i32.const 3)) (local.get $sign_magnitude)) (local.get $scale)))
          (local.set $a0 (f64x2.promote_low_f32x4 (local.get $x)))
          (local.set $a1 (f64x2.promote_low_f32x4
            (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))))
          (local.set $sa (f64x2.add (local.get $sa) (local.get $a0)))
          (local.set $sa2 (f64x2.add (local.get $sa2) (f64x2.mul (local.get $a0) (local.get $a0))))
          (local.set $sa (f64x2.add (local.get $sa) (local.get $a1)))
          (local.set $sa2 (f64x2.add (local.get $sa2) (f64x2.mul (local.get $a1) (local.get $a1))))
          (local.set $x (f32x4.mul (v128.and (i32x4.shr_s (local.get $va) (i32.const 3)) (local.get $sign_magnitude)) (local.get $scale)))
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
