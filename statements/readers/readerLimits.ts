/**
 * SheetJS holds about 6 KB per row of ten cells while it reads (measured: 65,000 rows of .xls or
 * .ods, 370 to 440 MiB): 5 MB of .xls, about 20,000 rows, keeps a worker under 300 MB.
 */
export const DEFAULT_MAX_WHOLE_FILE_BYTES = 5 * 1024 * 1024;
