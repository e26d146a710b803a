/// MaxPool1D(2), stride 2, Keras "valid" (floor: an odd last step is dropped). Backward routes each gradient to the
/// larger input; ties go to the first, as TensorFlow does.
enum MaxPool1D {
    static func outputSteps(_ T: Int) -> Int { T / 2 }

    static func forward<S: NetworkScalar>(
        out: UnsafeMutablePointer<S>,  // (B, T/2, C)
        inp: UnsafePointer<S>,  // (B, T, C)
        B: Int, T: Int, C: Int
    ) {
        let To = T / 2
        for b in 0..<B {
            for j in 0..<To {
                let a = inp + (b * T + 2 * j) * C, n = a + C
                let o = out + (b * To + j) * C
                for c in 0..<C { o[c] = a[c] >= n[c] ? a[c] : n[c] }  // branch-free select: vectorised
            }
        }
    }

    static func backward<S: NetworkScalar>(
        dinp: UnsafeMutablePointer<S>,  // (B, T, C)
        dout: UnsafePointer<S>,  // (B, T/2, C)
        inp: UnsafePointer<S>,  // (B, T, C)
        B: Int, T: Int, C: Int
    ) {
        let To = T / 2
        for b in 0..<B {
            for j in 0..<To {
                let a = inp + (b * T + 2 * j) * C, n = a + C
                let da = dinp + (b * T + 2 * j) * C, dn = da + C
                let d = dout + (b * To + j) * C
                for c in 0..<C {
                    let first = a[c] >= n[c]
                    da[c] += first ? d[c] : 0
                    dn[c] += first ? 0 : d[c]
                }
            }
        }
    }
}
