// The file formats (tracepoints, snapshots, status) are part of the runtime's API.
@_exported public import DeepModel

/// Ours, not Foundation's `#Expression`.
package typealias Expression = DeepModel.Expression
