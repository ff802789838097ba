// Entry probes sit after the body's `{`, attributed to the declaration's line; exit probes
// are a `defer` there, attributed to the closing brace; case labels get one after the colon.
struct Frames {
    var stored: Int

    init(stored: Int) {
        self.stored = stored
    }

    func twoLines(_ first: Int,
                  _ second: Int) -> Int {
        if first > second { return first }
        return second
    }

    func sameLine(_ value: Int) { print(value)
    }

    func empty(_ value: Int) {
    }

    var implicitGetter: Int {
        stored * 2
    }

    var conditionalGetter: Int {
        if stored > 0 { 1 } else { 2 }
    }

    var accessors: Int {
        get {
            let doubled = stored * 2
            return doubled
        }
        set {
            stored = newValue
        }
    }

    var observed: Int = 0 {
        didSet {
            print(observed)
        }
    }

    func never(_ code: Int) -> Never {
        fatalError("\(code)")
    }

    func labels(_ value: Int?) -> String {
        switch value {
        case let number? where number > 1:
            return "many \(number)"
        case .some(1): return "one"
        default:
            return "none"
        }
    }

    func switchValue(_ value: Int) -> String {
        let text = switch value {
        case 0:
            "zero"
        default:
            "other"
        }
        return text
    }
}

@resultBuilder struct Joined {
    static func buildBlock(_ parts: String...) -> String { parts.joined() }
}

@Joined func built(_ name: String) -> String {
    "hello "
    name
}

protocol Greeting { @Joined var text: String { get } }

struct Hello: Greeting {
    var text: String {
        let greeting = "hello "
        greeting
    }
}

func sent(_ values: [Int], to sink: Sink) async {
    let count = values.count
    await sink.take(values)
    print(count)
}

actor Sink { func take(_ values: [Int]) {} }
