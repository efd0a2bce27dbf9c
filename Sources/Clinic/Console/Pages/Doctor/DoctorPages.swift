import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// The doctor's pages (issue 18, "Doctor"): rota, consultations, drafts, health files and assessments. The
/// doctor's day list itself is `/console/` (`DoctorDayPage`).
enum DoctorPages {
    static func routes(_ console: ConsoleServices) -> [Route] {
        RotaPage.routes(console) + ConsultationFormPage.routes(console) + DraftEditPage.routes(console)
            + ConsultationPage.routes(console)
            + DraftsPage.routes(console) + HealthFilePage.routes(console) + AssessmentPage.routes(console)
    }
}
