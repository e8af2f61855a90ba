import Foundation
import LinearAlgebra

// How Shampoo (Shampoo.swift) views, partitions and preconditions one LoRA factor, after the
// reference implementation's shape interpretation and block partitioner.

/// How one factor is preconditioned.
enum ShampooLayout: Equatable {
    /// As a matrix cut into blocks of at most `block_size` x `block_size`: `L^{-1/4} G R^{-1/4}` per block.
    case matrix
    /// Merged into one vector (its row-major flattening) cut into pieces of at most `block_size`:
    /// `S^{-1/2} g` per piece. The reference does this to every factor of at most `merge_small_dims` entries.
    case vector
    /// Not preconditioned (a dimension above `skip_preconditioning_dim`): the graft direction only.
    case skipped
}

/// One block of a factor with its statistics and their inverse roots.
struct ShampooBlock {
    /// Matrix layout: the rows and columns of the factor the block covers. Vector layout: `rows` is the
    /// range of flattened elements and `cols` is `0 ..< 1`.
    let rows: Range<Int>
    let cols: Range<Int>
    /// Matrix: `[L (h x h), R (w x w)]`; vector: `[S (n x n)]`. Start at `matrix_eps I`.
    var statistics: [Matrix<Double>]
    /// The inverse roots in use, `statistics^(-1/p)` as of the last recomputation; start at I.
    var roots: [Matrix<Double>]

    /// `p = 2 x (number of statistics)`: 4 for a matrix block, 2 for a vector piece.
    var exponent: Int { 2 * statistics.count }
}

/// The Shampoo state of one factor (all in Double).
struct ShampooTensorState {
    let rows: Int
    let cols: Int
    let layout: ShampooLayout
    var blocks: [ShampooBlock]
    /// Heavy-ball momentum of the (grafted) Shampoo direction, row-major like the factor.
    var shampooMomentum: [Double]
    /// Heavy-ball momentum of the graft direction.
    var graftMomentum: [Double]
    /// AdaGrad / RMSProp accumulator of the graft (unused for SGD and sqrt_n grafting).
    var graftAccumulator: [Double]

    /// - mergeSmallDims: the reference's `merge_small_dims_block_size` (0: never merge).
    /// - skipDimension: the reference's `skip_preconditioning_dim_size_gt`.
    init(rows: Int, cols: Int, blockSize: Int, mergeSmallDims: Int, skipDimension: Int, matrixEpsilon: Double) {
        self.rows = rows
        self.cols = cols
        let count = rows * cols
        shampooMomentum = [Double](repeating: 0, count: count)
        graftMomentum = [Double](repeating: 0, count: count)
        graftAccumulator = [Double](repeating: 0, count: count)
        let shape = mergeSmallDims > 0 ? mergedShape([rows, cols], limit: mergeSmallDims) : [rows, cols]
        if rows > skipDimension || cols > skipDimension {
            layout = .skipped
            blocks = []
        } else if shape.count == 1 {
            layout = .vector
            blocks = splits(shape[0], blockSize).map { piece in
                ShampooBlock(rows: piece, cols: 0 ..< 1, statistics: [matrixEpsilon * Matrix.identity(piece.count)],
                             roots: [.identity(piece.count)])
            }
        } else {
            layout = .matrix
            blocks = splits(rows, blockSize).flatMap { rowRange in
                splits(cols, blockSize).map { colRange in
                    ShampooBlock(rows: rowRange, cols: colRange,
                                 statistics: [matrixEpsilon * Matrix.identity(rowRange.count), matrixEpsilon * Matrix.identity(colRange.count)],
                                 roots: [.identity(rowRange.count), .identity(colRange.count)])
                }
            }
        }
    }

    /// The block of `g` (row-major, `rows x cols`) that `block` covers: `h x w`, or `n x 1` for a vector piece.
    func extract(_ g: [Double], _ block: ShampooBlock) -> Matrix<Double> {
        switch layout {
        case .vector:
            return Matrix(rows: block.rows.count, cols: 1, storage: Array(g[block.rows]))
        case .matrix, .skipped:
            return Matrix(rows: block.rows.count, cols: block.cols.count) { i, j in
                g[(block.rows.lowerBound + i) * cols + block.cols.lowerBound + j]
            }
        }
    }

    /// `S <- w1 S + w2 G G^T` (and `R <- w1 R + w2 G^T G` for a matrix block) for every block.
    mutating func accumulateStatistics(_ g: [Double], w1: Double, w2: Double) {
        for index in blocks.indices {
            let block = extract(g, blocks[index])
            let grams = layout == .vector
                ? [Matrix.product(block, block, transposeB: true)]
                : [Matrix.product(block, block, transposeB: true), Matrix.product(block, transposeA: true, block)]
            for s in grams.indices {
                var updated = blocks[index].statistics[s]
                updated.scale(by: w1)
                updated.add(grams[s], scaledBy: w2)
                blocks[index].statistics[s] = updated
            }
        }
    }

    /// Recomputes every inverse root; a root that fails keeps its old value. Returns how many failed.
    mutating func recomputeRoots(matrixEpsilon: Double, relative: Bool) -> Int {
        var failures = 0
        for index in blocks.indices {
            let p = blocks[index].exponent
            for s in blocks[index].statistics.indices {
                if let root = inverseRoot(blocks[index].statistics[s], exponent: p, epsilon: matrixEpsilon, relative: relative) {
                    blocks[index].roots[s] = root
                } else {
                    failures += 1
                }
            }
        }
        return failures
    }

    /// The preconditioned gradient, row-major like the factor: `P_L G_b P_R` per matrix block, `P g_b` per piece.
    func precondition(_ g: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: g.count)
        for block in blocks {
            let piece = extract(g, block)
            switch layout {
            case .vector:
                let result = Matrix.product(block.roots[0], piece)                                   // n x 1
                for (offset, index) in block.rows.enumerated() { out[index] = result[offset, 0] }
            case .matrix, .skipped:
                let result = Matrix.product(Matrix.product(block.roots[0], piece), block.roots[1])  // h x w
                for i in 0 ..< block.rows.count {
                    for j in 0 ..< block.cols.count {
                        out[(block.rows.lowerBound + i) * cols + block.cols.lowerBound + j] = result[i, j]
                    }
                }
            }
        }
        return out
    }
}

/// `(S + eps' I)^(-1/p)` by eigendecomposition, with `eps' = eps * max(lambda_max(S), 1e-6)` when
/// `relative` (the reference's relative matrix epsilon) and `eps` otherwise; nil if the decomposition
/// fails or the root is not finite. The reference iterates a coupled Newton method to tolerance 1e-6
/// for the same matrix; round-off negative eigenvalues are clamped at 0 before the ridge is added.
func inverseRoot(_ statistic: Matrix<Double>, exponent p: Int, epsilon: Double, relative: Bool) -> Matrix<Double>? {
    guard let (values, vectors) = try? statistic.symmetrized.symmetricEigen() else { return nil }
    let ridge = epsilon * max(relative ? (values.last ?? 0) : 1, 1e-6)
    let diagonal = values.map { pow(max($0, 0) + ridge, -1 / Double(p)) }
    let root = Matrix.fromEigenvectors(vectors, diagonal: diagonal).symmetrized
    return root.isFinite ? root : nil
}

/// The reference's `merge_small_dims`: consecutive dimensions are merged while their product stays at
/// most `limit`; dimensions of 1 disappear.
func mergedShape(_ shape: [Int], limit: Int) -> [Int] {
    if !shape.isEmpty && shape.allSatisfy({ $0 == 1 }) { return [1] }
    var result: [Int] = []
    var product = 1
    for d in shape {
        if product * d <= limit {
            product *= d
        } else {
            if product > 1 { result.append(product) }
            product = d
        }
    }
    if product > 1 { result.append(product) }
    return result
}

/// `0 ..< n` cut at multiples of `size` (the reference's block partitioner); one piece if `n <= size`.
func splits(_ n: Int, _ size: Int) -> [Range<Int>] {
    guard size > 0, n > size else { return [0 ..< n] }
    return stride(from: 0, to: n, by: size).map { $0 ..< min($0 + size, n) }
}
