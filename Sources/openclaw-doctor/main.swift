import OpenClawCLI

CommandEntry.runDoctor(OpenClawDoctorCommand.self)
