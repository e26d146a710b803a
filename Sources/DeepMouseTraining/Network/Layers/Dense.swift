/// Fully connected layer `out = inp · weight + bias` (the sigmoid lives in the loss, which works from the logit).
enum Dense {
    static func forward<S: NetworkScalar>(
        out: UnsafeMutablePointer<S>,  // (B, O)
        inp: UnsafePointer<S>,  // (B, I)
        weight: UnsafePointer<S>,  // (I, O)
        bias: UnsafePointer<S>,  // (O)
        B: Int, I: Int, O: Int
    ) {
        for b in 0..<B {
            let x = inp + b * I
            let y = out + b * O
            for o in 0..<O {
                var sum = bias[o]
                for i in 0..<I { sum += x[i] * weight[i * O + o] }
                y[o] = sum
            }
        }
    }

    static func backward<S: NetworkScalar>(
        dinp: UnsafeMutablePointer<S>?,  // (B, I)
        dweight: UnsafeMutablePointer<S>,  // (I, O)
        dbias: UnsafeMutablePointer<S>,  // (O)
        dout: UnsafePointer<S>,  // (B, O)
        inp: UnsafePointer<S>,  // (B, I)
        weight: UnsafePointer<S>,  // (I, O)
        B: Int, I: Int, O: Int
    ) {
        for b in 0..<B {
            let x = inp + b * I
            let d = dout + b * O
            for o in 0..<O {
                dbias[o] += d[o]
                for i in 0..<I { dweight[i * O + o] += x[i] * d[o] }
                if let dinp {
                    let dx = dinp + b * I
                    for i in 0..<I { dx[i] += weight[i * O + o] * d[o] }
                }
            }
        }
    }
}
