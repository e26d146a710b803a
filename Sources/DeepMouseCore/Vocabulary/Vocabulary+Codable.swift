#if !hasFeature(Embedded)
    // The workstation reads and writes hands and units by name in JSON (checkpoints, manifests,
    // reports). Embedded Swift has no existentials, so the board build leaves these out.

    extension Hand: CaseIterable, Codable, CustomStringConvertible {
        /// Right, then left: the class indices 0 and 1.
        public static var allCases: [Hand] { [.right, .left] }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let hand = Hand(name: text.utf8) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "expected 'left' or 'right', got '\(text)'")
                )
            }
            self = hand
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }

        public var description: String { String(decoding: name.bytes, as: UTF8.self) }
    }

    extension MotionUnit: CaseIterable, Codable, CustomStringConvertible {
        public static var allCases: [MotionUnit] { [.px, .mm, .counts] }

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let unit = MotionUnit(name: text.utf8) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "expected px, mm or counts, got '\(text)'"))
            }
            self = unit
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(description)
        }

        public var description: String { String(decoding: name.bytes, as: UTF8.self) }
    }

    extension HandState: CustomStringConvertible {
        public var description: String { String(decoding: name.bytes, as: UTF8.self) }
    }
#endif
