import Clinic
print(ClinicVersion.string)
