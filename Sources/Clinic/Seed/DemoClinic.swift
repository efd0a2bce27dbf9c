import ClinicDomain
import ClinicPostgres
import Foundation

/// Fills an empty database with a demo county: health rooms (the install's first, then "Community Health Room 2" and
/// on, each on clinic days of its own), visiting doctors shared by all of them, each room's own rota of two months
/// around `today`, residents with Tibetan, Chinese and Latin names in households and grids, and bookings on the
/// coming clinic days. The default is one room, as a single-room install has.
///
/// Deterministic: the same `seed`, `residents` and `today` give the same people and the same rota shape (ids differ).
/// It refuses (`DemoClinicError.notEmpty`) when residents or doctors exist already, rather than mixing demo people
/// into real ones; run it on a fresh database.
enum DemoClinic {
    struct Summary: Sendable, Equatable {
        var clinics: Int
        var doctors: Int
        var residents: Int
        var households: Int
        var assignments: Int
        var slots: Int
        var appointments: Int
    }

    enum DemoClinicError: Error, Equatable, CustomStringConvertible {
        case notEmpty
        var description: String { "the database already holds residents or doctors; seed a fresh one" }
    }

    /// `residents` is the count in each clinic. Runs in the county's scope (it writes every clinic's rows).
    @discardableResult
    static func seed(
        pool: PostgresPool, clinics clinicCount: Int = 1, residents count: Int, today: LocalDate,
        appointmentsPerClinicDay: Int = 30, seed: UInt64 = 16_528
    ) async throws -> Summary {
        precondition(clinicCount >= 1, "at least the first clinic")
        return try await ClinicScope.county.run {
            var rng = SplitMix64(seed: seed)
            let nonEmpty = try await pool.query(
                "SELECT EXISTS (SELECT 1 FROM residents) OR EXISTS (SELECT 1 FROM doctors) AS any")
            if try nonEmpty[0].decode(Bool.self, "any") { throw DemoClinicError.notEmpty }

            let first = try await firstClinic(pool)
            // One transaction each, so their creation times (which list them) follow their numbers.
            var clinics = [first]
            while clinics.count < clinicCount {
                let number = clinics.count + 1
                clinics.append(
                    try await pool.withConnection {
                        try await ClinicSettingsStore.create(
                            settings(ofClinic: number), code: code(ofClinic: number), on: $0)
                    })
            }
            let doctorIds = try await pool.withTransaction { db in
                var ids: [UUID] = []
                for doctor in doctors(forClinics: clinicCount) {
                    ids.append(try await DoctorStore.create(doctor, clinicId: first.id, on: db).id)
                }
                return ids
            }
            var households = 0
            for clinic in clinics {
                households += try await insertResidents(
                    count: count, clinicId: clinic.id, today: today, rng: &rng, pool: pool)
            }
            // Merge the GIN pending lists and refresh statistics, so search uses its indexes at once.
            try await pool.withConnection { try await $0.queryAlone("VACUUM ANALYZE residents") }
            var assignments = 0
            // Clinic by clinic: each generation skips the doctors already serving elsewhere then (or too close to it).
            for clinic in clinics {
                assignments += try await pool.withTransaction { db in
                    try await RotaStore.generate(
                        clinicId: clinic.id, from: today.adding(days: -30), to: today.adding(days: 30),
                        doctorsPerSession: 2, on: db)
                }.assignments.count
            }
            var booked = 0
            for clinic in clinics {
                booked += try await book(
                    perDay: appointmentsPerClinicDay, clinic: clinic, today: today, rng: &rng, pool: pool)
            }
            try await DemoScheduleChanges.seed(pool: pool, clinic: first, today: today)
            try await DemoOutreach.seed(clinics: clinics, today: today, rng: &rng, pool: pool)
            let slotCount = try await pool.query("SELECT count(*) AS n FROM slots")[0].decode(Int.self, "n")
            return Summary(
                clinics: clinics.count, doctors: doctorIds.count, residents: count * clinics.count,
                households: households, assignments: assignments, slots: slotCount, appointments: booked)
        }
    }

    /// The settings of the demo's clinic `number` (2 and on): a new install's, with a name and clinic days of its own,
    /// so the shared doctors can serve every room in a week.
    static func settings(ofClinic number: Int) -> ClinicSettings {
        let weekdays = [[1, 3], [3, 5], [2, 5], [4, 6], [1, 4], [2, 6], [3, 6], [1, 5], [2, 4]]
        var settings = ClinicSettings.default
        settings.name = "Community Health Room \(number)"
        settings.clinicWeekdays = weekdays[(number - 2) % weekdays.count]
        return settings
    }

    static func code(ofClinic number: Int) -> String { "CHR-" + (number < 10 ? "0" : "") + String(number) }

    /// The ten demo doctors, and for a larger county more visiting doctors (about one for each 0.75 room), so that
    /// every room's sessions can have two doctors: each room needs 8 doctor-sessions a week.
    static func doctors(forClinics clinics: Int) -> [NewDoctor] {
        let wanted = max(demoDoctors.count, (clinics * 4 + 2) / 3)
        guard wanted > demoDoctors.count else { return demoDoctors }
        let languages: [[String]] = [["bo", "zh"], ["zh"], ["zh", "en"], ["bo"]]
        return demoDoctors
            + (demoDoctors.count..<wanted).map { index in
                NewDoctor(
                    name: "Dr. Visiting \(index + 1)", institution: "County Hospital",
                    languages: languages[index % languages.count])
            }
    }

    static let demoDoctors: [NewDoctor] = [
        NewDoctor(name: "Dr. Tsering Wangmo", institution: "Town Health Centre", languages: ["bo", "zh"]),
        NewDoctor(name: "Dr. 王建华", institution: "Town Health Centre", languages: ["zh"], modes: [.onsite, .remote]),
        NewDoctor(name: "Dr. Tenzin Norbu", institution: "Town Health Centre", languages: ["bo"], modes: [.onsite, .home]),
        NewDoctor(name: "Dr. 李秀英", institution: "Town Health Centre", languages: ["zh", "en"]),
        NewDoctor(name: "Dr. Pema Dorje", institution: "Tibetan Medicine Hospital", languages: ["bo", "zh"],
            modes: [.onsite]),
        NewDoctor(name: "Dr. 张伟", institution: "Aid Medical Team", languages: ["zh", "en"], modes: [.onsite, .remote]),
        NewDoctor(name: "Dr. Lhamo Yangchen", institution: "Town Health Centre", languages: ["bo", "zh"],
            modes: [.remote, .home]),
        NewDoctor(name: "Dr. 陈敏", institution: "Aid Medical Team", languages: ["zh"]),
        NewDoctor(name: "Dr. Sonam Tashi", institution: "Tibetan Medicine Hospital", languages: ["bo"],
            modes: [.onsite, .remote]),
        NewDoctor(name: "Dr. Emily Carter", institution: "Aid Medical Team", languages: ["en", "zh"], modes: [.remote]),
    ]

    /// Tibetan name parts with their usual Chinese transliteration and Latin spelling.
    static let tibetanParts: [(bo: String, zh: String, latin: String)] = [
        ("བཀྲ་ཤིས", "扎西", "Tashi"), ("སྒྲོལ་མ", "卓玛", "Dolma"), ("ཚེ་རིང", "次仁", "Tsering"),
        ("བསོད་ནམས", "索朗", "Sonam"), ("ལྷ་མོ", "拉姆", "Lhamo"), ("པད་མ", "白玛", "Pema"),
        ("དབང་ཕྱུག", "旺秋", "Wangchuk"), ("ནོར་བུ", "诺布", "Norbu"), ("རྡོ་རྗེ", "多吉", "Dorje"),
        ("བསྟན་འཛིན", "丹增", "Tenzin"), ("དབྱངས་ཅན", "央金", "Yangchen"), ("མིག་དམར", "米玛", "Migmar"),
        ("ཉི་མ", "尼玛", "Nyima"), ("ཟླ་བ", "达瓦", "Dawa"), ("སྤེན་པ", "边巴", "Penpa"),
        ("ལྷག་པ", "拉巴", "Lhakpa"), ("ཕུར་བུ", "普布", "Phurbu"), ("དབང་མོ", "旺姆", "Wangmo"),
        ("ཆོས་སྒྲོན", "曲珍", "Chodron"), ("བསམ་གྲུབ", "桑珠", "Samdrup"),
    ]
    static let hanSurnames: [(zh: String, latin: String)] = [
        ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"), ("赵", "Zhao"),
        ("黄", "Huang"), ("周", "Zhou"), ("吴", "Wu"), ("马", "Ma"), ("何", "He"),
    ]
    static let hanGiven: [(zh: String, latin: String)] = [
        ("芳", "Fang"), ("伟", "Wei"), ("秀英", "Xiuying"), ("敏", "Min"), ("静", "Jing"), ("强", "Qiang"),
        ("磊", "Lei"), ("军", "Jun"), ("洋", "Yang"), ("丽", "Li"), ("建国", "Jianguo"), ("桂兰", "Guilan"),
        ("海燕", "Haiyan"), ("志强", "Zhiqiang"),
    ]

    /// Inserts `count` residents in batches through `unnest`; returns the number of households.
    /// The clinic the demo fills: the install's first.
    static func firstClinic(_ pool: PostgresPool) async throws -> ClinicRecord {
        guard let clinic = try await pool.withConnection({ try await ClinicSettingsStore.all(on: $0) }).first else {
            throw SchedulingError.notFound(.clinicSettings)
        }
        return clinic
    }

    static func insertResidents(
        count: Int, clinicId: UUID, today: LocalDate, rng: inout SplitMix64, pool: PostgresPool
    ) async throws -> Int
    {
        var columns = ResidentColumns()
        var household = 0
        var left = 0
        var grid = "", address = "", ethnicity = "", phone: String? = nil
        for index in 0..<count {
            if left == 0 {
                household += 1
                left = 1 + Int(rng.next() % 10)  // 1–10 people, about 5.5 on average
                grid = "Grid \(1 + Int(rng.next() % 12))"
                address = "No. \(household) \(["Barkor", "Sunshine", "Lhasa River", "Snow Lion"][Int(rng.next() % 4)]) Lane"
                let roll = rng.next() % 100
                ethnicity = roll < 75 ? "Tibetan" : roll < 93 ? "Han" : roll < 98 ? "Hui" : "Yi"
                phone = rng.next() % 10 < 8 ? "139" + String(10_000_000 + Int(rng.next() % 89_999_999)) : nil
            }
            left -= 1
            let ageRoll = rng.next() % 100
            let age =
                ageRoll < 21
                ? 65 + Int(rng.next() % 31) : ageRoll < 46 ? 45 + Int(rng.next() % 20)
                : ageRoll < 80 ? 18 + Int(rng.next() % 27) : Int(rng.next() % 18)
            let birth = today.adding(days: -(age * 365 + Int(rng.next() % 365)))
            let female = rng.next() % 2 == 0
            var bo: String?, zh: String?, latin: String
            switch ethnicity {
            case "Tibetan":
                let first = tibetanParts[Int(rng.next() % UInt64(tibetanParts.count))]
                var second = tibetanParts[Int(rng.next() % UInt64(tibetanParts.count))]
                if second.bo == first.bo { second = tibetanParts[(Int(rng.next() % 19) + 1) % tibetanParts.count] }
                bo = first.bo + "་" + second.bo
                zh = rng.next() % 10 < 8 ? first.zh + second.zh : nil
                latin = first.latin + " " + second.latin
            case "Yi":
                let given = hanGiven[Int(rng.next() % UInt64(hanGiven.count))]
                zh = "阿" + given.zh
                latin = "A " + given.latin
            default:
                let surname = ethnicity == "Hui" ? hanSurnames[10] : hanSurnames[Int(rng.next() % 10)]
                let given = hanGiven[Int(rng.next() % UInt64(hanGiven.count))]
                zh = surname.zh + given.zh
                latin = surname.latin + " " + given.latin
            }
            var flags: [String] = []
            if age >= 65 {
                let roll = rng.next() % 100
                if roll < 12 { flags.append("livesAlone") } else if roll < 25 { flags.append("emptyNest") }
            }
            if rng.next() % 100 < 3 { flags.append("disabled") }
            if rng.next() % 100 < 5 { flags.append("lowIncome") }
            if rng.next() % 200 == 0 { flags.append("specialHardship") }
            let languages = ethnicity == "Tibetan" ? (age >= 60 || rng.next() % 3 == 0 ? "bo" : "bo,zh") : "zh"
            columns.bo.append(bo)
            columns.zh.append(zh)
            columns.latin.append(latin)
            columns.sex.append(female ? "female" : "male")
            columns.birth.append(birth)
            columns.ethnicity.append(ethnicity)
            columns.languages.append(languages)
            columns.phone.append(age >= 18 && rng.next() % 3 != 0 ? phone : nil)
            columns.idNumber.append(idNumber(birth: birth, sequence: index % 1000, female: female))
            columns.address.append(address)
            columns.grid.append(grid)
            columns.household.append("H\(household)")
            columns.flags.append(flags.joined(separator: ","))
            if columns.bo.count == 4000 || index == count - 1 {
                let batch = columns
                columns = ResidentColumns()
                try await pool.query(
                    """
                    INSERT INTO residents (clinic_id, name_bo, name_zh, name_latin, sex, birth_date, ethnicity, languages,
                        phone, id_number, address, grid, household, flags)
                    SELECT \(clinicId), nullif(bo, ''), nullif(zh, ''), latin, sex, birth, ethnicity,
                        string_to_array(languages, ','),
                        nullif(phone, ''), id_number,
                        address, grid, household, coalesce(string_to_array(nullif(flags, ''), ','), '{}')
                    FROM unnest(\(batch.bo.map { $0 ?? "" })::text[], \(batch.zh.map { $0 ?? "" })::text[],
                        \(batch.latin)::text[], \(batch.sex)::text[], \(batch.birth)::date[], \(batch.ethnicity)::text[],
                        \(batch.languages)::text[], \(batch.phone.map { $0 ?? "" })::text[], \(batch.idNumber)::text[],
                        \(batch.address)::text[], \(batch.grid)::text[], \(batch.household)::text[],
                        \(batch.flags)::text[])
                        AS t (bo, zh, latin, sex, birth, ethnicity, languages, phone, id_number, address, grid,
                              household, flags)
                    """)
            }
        }
        return household
    }

    /// Column arrays of one batch.
    struct ResidentColumns {
        var bo: [String?] = [], zh: [String?] = [], latin: [String] = [], sex: [String] = []
        var birth: [LocalDate] = [], ethnicity: [String] = [], languages: [String] = [], phone: [String?] = []
        var idNumber: [String] = [], address: [String] = [], grid: [String] = [], household: [String] = []
        var flags: [String] = []
    }

    /// An 18-character PRC-style identity number with a correct check character (Lhasa area code).
    static func idNumber(birth: LocalDate, sequence: Int, female: Bool) -> String {
        let ymd = birth.description.replacingOccurrences(of: "-", with: "")
        var seq = sequence % 500 * 2 + (female ? 0 : 1)
        if seq > 999 { seq = 999 }
        let body = "540102" + ymd + String(repeating: "0", count: 3 - String(seq).count) + String(seq)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.utf8, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// Books about `perDay` appointments on each of the clinic's days from today on, for random residents of that
    /// clinic in its free slots.
    static func book(
        perDay: Int, clinic: ClinicRecord, today: LocalDate, rng: inout SplitMix64, pool: PostgresPool
    ) async throws -> Int {
        guard perDay > 0 else { return 0 }
        let residentIds = try await pool.query("SELECT id FROM residents WHERE clinic_id = \(clinic.id) ORDER BY id")
            .map { try $0.decode(UUID.self, "id") }
        guard !residentIds.isEmpty else { return 0 }
        let zone = clinic.settings.zoneOrUTC
        let slots = try await pool.query(
            """
            SELECT id, mode, date FROM slots
            WHERE clinic_id = \(clinic.id) AND date BETWEEN \(today) AND \(today.adding(days: 30))
              AND starts_at > now() + interval '1 hour'
            ORDER BY date, starts_at, id
            """)
        var byDay: [LocalDate: [(UUID, ConsultationMode)]] = [:]
        for row in slots {
            byDay[try row.decode(LocalDate.self, "date"), default: []].append(
                (try row.decode(UUID.self, "id"), ConsultationMode(rawValue: try row.decode(String.self, "mode"))!))
        }
        var booked = 0
        for day in byDay.keys.sorted() {
            var daySlots = byDay[day]!
            for _ in 0..<min(perDay, daySlots.count) {
                let pick = daySlots.remove(at: Int(rng.next() % UInt64(daySlots.count)))
                let resident = residentIds[Int(rng.next() % UInt64(residentIds.count))]
                let input = NewAppointment(
                    slotId: pick.0, residentId: resident, mode: pick.1,
                    reason: ["follow-up", "blood pressure check", "cough", "diabetes review", nil][Int(rng.next() % 5)],
                    interpreter: rng.next() % 8 == 0 ? "bo" : nil)
                do {
                    _ = try await pool.withTransaction { try await AppointmentStore.book(input, zone: zone, on: $0) }
                    booked += 1
                } catch is SchedulingError {
                    continue  // held for priority, or the resident is busy then
                }
            }
        }
        return booked
    }
}
