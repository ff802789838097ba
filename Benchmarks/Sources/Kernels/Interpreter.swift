/// The instructions of a small stack machine.
enum Instruction {
    case push(Int)
    case load(Int)
    case store(Int)
    case add
    case multiply
    case modulo
    case lessThan
    case jumpIfFalse(Int)
    case jump(Int)
    case halt
}

/// Runs a bytecode program that iterates `iterations` times over a linear congruential
/// recurrence, and returns its result.
@inline(never)
public func interpret(iterations: Int) -> Int {
    // locals: 0 = counter, 1 = state
    let program: [Instruction] = [
        .push(0), .store(0), .push(1), .store(1),
        .load(0), .push(iterations), .lessThan, .jumpIfFalse(21),
        .load(1), .push(1_103_515_245), .multiply, .push(12345), .add, .push(2_147_483_648), .modulo, .store(1),
        .load(0), .push(1), .add, .store(0), .jump(4),
        .load(1), .halt,
    ]
    var stack: [Int] = []
    stack.reserveCapacity(16)
    var locals = [0, 0]
    var counter = 0
    while true {
        let instruction = program[counter]  // bench: dispatch
        counter += 1
        switch instruction {
        case .push(let value):
            stack.append(value)
        case .load(let slot):
            stack.append(locals[slot])
        case .store(let slot):
            locals[slot] = stack.removeLast()
        case .add:
            let right = stack.removeLast()
            stack.append(stack.removeLast() &+ right)
        case .multiply:
            let right = stack.removeLast()
            stack.append(stack.removeLast() &* right)
        case .modulo:
            let right = stack.removeLast()
            stack.append(stack.removeLast() % right)
        case .lessThan:
            let right = stack.removeLast()
            stack.append(stack.removeLast() < right ? 1 : 0)
        case .jumpIfFalse(let target):
            if stack.removeLast() == 0 {
                counter = target
            }
        case .jump(let target):
            counter = target
        case .halt:
            return stack.last ?? locals[1]
        }
    }
}
