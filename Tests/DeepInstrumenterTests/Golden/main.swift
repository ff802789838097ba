let greeting = "hello"
var count = 0
func bump() {
    count += 1
}
for word in greeting.split(separator: "l") {
    bump()
    print(word)
}
#warning("kept as is")
print(count)
