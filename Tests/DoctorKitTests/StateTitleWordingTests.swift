@testable import DoctorKit
import Foundation
import Gateway
import NetProbe
import Testing
import TestSupport

/// `gateway.state` on a path this user cannot stat (another user's HOME): the title says once that it cannot be
/// checked, with the path and the errno.
@Suite("gateway.state title wording")
struct StateTitleWordingTests {
    typealias T = DoctorTestInputs

    @Test("an unreadable state directory: 'cannot be checked' once, the path and the errno")
    func unreadableTitle() throws {
        let entry = StatePathTrust.Entry(path: "/root/.openclaw", role: .stateDirectory, uid: 0, mode: 0)
        let refusal = StatePathTrust.Refusal(entry: entry, problem: .unreadable, effectiveUID: 65534, errno: 13)
        var observations = T.quietLive()
        observations.stateDirectory = .value(.init(entries: [entry], refusal: refusal, effectiveUID: 65534))
        let result = T.run("gateway.state", T.inputs(try T.live("native-debian.txt"), live: observations))
        #expect(result.status == .warn)
        #expect(result.title.components(separatedBy: "cannot be checked").count == 2, "\(result.title)")
        #expect(result.title.contains("/root/.openclaw") && result.title.contains("errno 13"), "\(result.title)")
    }
}
