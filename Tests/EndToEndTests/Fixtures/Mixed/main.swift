import MixedShop

// A Swift program over a C library, both instrumented, one tracepoints file for both.
var cart = basket(items: 0, total: 0)
for quantity in 1...3 {
    let total = shop_add(&cart, Int32(quantity), 2.5)
    print("total \(total)") // tp: swift-total
}
