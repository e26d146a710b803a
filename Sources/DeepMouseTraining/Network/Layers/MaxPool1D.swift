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
                let a = inp + (b * T + 2 * j) * C
                let n = a + C
                let o = out + (b * To + j) * C
                var c = 0
                while c < C {  // eight lanes at a time, the last step partial
                    let w = min(8, C - c)
                    store(S.larger(load(a + c, w), load(n + c, w)), o + c, w)
                    c += 8
                }
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
                let a = inp + (b * T + 2 * j) * C
                let n = a + C
                let da = dinp + (b * T + 2 * j) * C
                let dn = da + C
                let d = dout + (b * To + j) * C
                var c = 0
                while c < C {
                    let w = min(8, C - c)
                    let (ga, gn) = S.routeToLarger(load(d + c, w), load(a + c, w), load(n + c, w))
                    store(load(da + c, w) + ga, da + c, w)
                    store(load(dn + c, w) + gn, dn + c, w)
                    c += 8
                }
            }
        }
    }
}
