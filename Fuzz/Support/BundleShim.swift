import Foundation

// Fuzz builds compile WendaKit's sources directly, without the package's resource
// accessor: the dictionary is found through WENDA_DICTIONARY instead.
extension Bundle {
    static let module: Bundle = Bundle.main
}
