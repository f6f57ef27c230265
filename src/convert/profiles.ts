/** The profile folders of the LibreOffice this tool starts: one per process, private, removed on exit. */
import { removeStaleTempDirs } from '../private-temp.js';

export const OFFICE_TEMP_PREFIX = 'asylum-packet-office-';

/** Removes the profile folders that processes killed with SIGKILL left behind (run when build and watch start). */
export const removeStaleOfficeProfiles = (tmp?: string): Promise<string[]> => removeStaleTempDirs(OFFICE_TEMP_PREFIX, tmp ? { tmp } : {});
