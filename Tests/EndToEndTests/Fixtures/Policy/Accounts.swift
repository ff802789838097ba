/// An account with secrets at several depths, for redaction.
struct Account {
    var owner: String
    var password: String
    var login: Login
    var headers: [String: String]
}

struct Login {
    var user: String
    var sessionToken: String
    var attempts: Int
}

func signIn(_ account: Account) -> Bool {
    let accepted = account.password.count >= 8 && account.login.attempts < 3 // tp: sign-in
    return accepted
}
