/// The resident pages of the console: finding, registering and editing residents, a resident's page and printable
/// summary, the CSV export and the work lists.
enum ResidentPages {
    static func routes(_ console: ConsoleServices) -> [Route] {
        ResidentSearchPage.routes(console) + ResidentFormPage.routes(console) + ResidentPage.routes(console)
            + ExportPages.routes(console) + WorklistPages.routes(console)
    }
}
