/// One LoRA adapter in PEFT layout: `A` is `r x in`, `B` is `out x r`, and the adapted weight is
/// `W + (alpha / r) B A`. The same type carries parameters and their gradients; the model and the
/// optimizers both speak it, which is why it lives in their common dependency.
///
/// The paper's Section 2 writes `Z = A B^T` with `A` of `m x r`: the paper's `A` is our `A^T`.
public struct LoRAPair<Scalar: LinearAlgebraScalar>: Equatable, Sendable {
    /// `r x in`, Kaiming-uniform at initialisation.
    public var a: Matrix<Scalar>
    /// `out x r`, zero at initialisation.
    public var b: Matrix<Scalar>

    public init(a: Matrix<Scalar>, b: Matrix<Scalar>) {
        precondition(a.rows == b.cols, "LoRAPair: A is \(a.shapeDescription) but B is \(b.shapeDescription); their rank must agree")
        self.a = a
        self.b = b
    }

    /// A pair of zeros with the shape of `other` (for gradients and optimizer state).
    public static func zeros(like other: LoRAPair) -> LoRAPair {
        LoRAPair(a: .zeros(like: other.a), b: .zeros(like: other.b))
    }

    public var rank: Int { a.rows }
    public var inFeatures: Int { a.cols }
    public var outFeatures: Int { b.rows }

    /// `B A`, the `out x in` low-rank product (without the `alpha / r` scale).
    public var product: Matrix<Scalar> { Matrix.product(b, a) }

    public var isFinite: Bool { a.isFinite && b.isFinite }
}
