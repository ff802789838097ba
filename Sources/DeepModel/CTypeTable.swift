/// The C types whose values a file's probes pass: enough to read a copied value (sizes,
/// field offsets, enumerators) and to show it (names as the source spells them).
///
/// deep-instrument builds the table with libclang and embeds it in the instrumented file as
/// JSON; the runtime decodes it the first time one of the file's probes fires. A probe
/// passes each variable with its table index and the size the compiler gave it, so a table
/// that does not match the build is noticed instead of misread.
package struct CTypeTable: Codable, Equatable, Sendable {
    package var types: [CType]

    package init(types: [CType] = []) { self.types = types }
}

package struct CType: Codable, Equatable, Sendable {
    package enum Kind: String, Codable, Sendable {
        case signed, unsigned, float, bool, enumeration, structure, union, array, pointer
        /// Shown by its type name only: complex, vector, 128-bit and other types.
        case opaque
    }

    package var name: String
    package var kind: Kind
    /// Bytes, as `sizeof`.
    package var size: Int
    /// Structures and unions.
    package var fields: [Field]?
    /// Enumerations: the enumerators, and whether the underlying integer is unsigned.
    package var cases: [Case]?
    package var unsignedCases: Bool?
    /// Arrays: the element type's index, and how many.
    package var element: Int?
    package var count: Int?

    package init(
        name: String, kind: Kind, size: Int, fields: [Field]? = nil, cases: [Case]? = nil,
        unsignedCases: Bool? = nil, element: Int? = nil, count: Int? = nil
    ) {
        self.name = name
        self.kind = kind
        self.size = size
        self.fields = fields
        self.cases = cases
        self.unsignedCases = unsignedCases
        self.element = element
        self.count = count
    }

    package struct Field: Codable, Equatable, Sendable {
        package var name: String
        package var type: Int
        package var bitOffset: Int
        /// Set for bit-fields.
        package var bitWidth: Int?

        package init(name: String, type: Int, bitOffset: Int, bitWidth: Int? = nil) {
            self.name = name
            self.type = type
            self.bitOffset = bitOffset
            self.bitWidth = bitWidth
        }
    }

    package struct Case: Codable, Equatable, Sendable {
        package var name: String
        package var value: Int64

        package init(name: String, value: Int64) {
            self.name = name
            self.value = value
        }
    }
}
