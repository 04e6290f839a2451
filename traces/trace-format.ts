/** The trace format this version of faultline writes and reads. */
export const TRACE_FORMAT_VERSION = 2;
