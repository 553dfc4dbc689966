//! Every limit jixiao holds its inputs to, in one place, each with the reason for its size.
//!
//! A filled-in 绩效自评表 is tens of kilobytes: a few hundred cells, a scheme of a few
//! kilobytes. The limits sit far above that, so that no real sheet meets one, and far enough
//! below what the machine holds that no file, however it was made, costs more than
//! [`MEMORY_TARGET_BYTES`] of memory or more than [`FILE_TIME_BUDGET`] of time. A file past a
//! limit is refused with a located finding saying which limit; nothing is cut short silently.
//! `docs/limits.md` lists the same limits for people, with what each costs when reached.

use std::time::Duration;

use rust_decimal::Decimal;

/// The largest sheet file read, on disk: anything near it is the wrong file. Checked on the
/// file's size before it is read, and again on the bytes read (a file may grow).
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;

/// The largest scheme file, on disk: the bundled schemes are under 4 KiB.
pub const MAX_SCHEME_BYTES: usize = 1024 * 1024;

/// The most files one scheme's `extends` chain reads (the scheme itself included).
pub const MAX_SCHEME_CHAIN: usize = 16;

/// The most bytes one zip entry of a workbook (an xlsx part, an ods `content.xml`) may
/// unpack to: a worksheet holding [`MAX_CELLS`] short cells fits, a zip bomb does not.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// The most non-empty cells one workbook or CSV file may hold (a form has a few hundred; the
/// benchmarks read a 700,000-cell worksheet).
pub const MAX_CELLS: usize = 1_000_000;

/// The most rows of a worksheet, as Excel: a cell below is refused, not moved.
pub const MAX_ROWS: u32 = 1_048_576;

/// The most columns of a worksheet, as Excel (XFD).
pub const MAX_COLUMNS: u32 = 16_384;

/// The longest cell text, in characters: what one Excel cell holds. Also the longest YAML or
/// JSON scalar a sheet may hold.
pub const MAX_CELL_CHARS: usize = 32_767;

/// The most bytes of cell text one workbook may hold, shared strings included.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// The most fields of a CSV file, empty ones included: each costs its position while the
/// file is parsed, so a file of nothing but commas is refused before it is parsed.
pub const MAX_CSV_FIELDS: usize = 1_000_000;

/// The most cells, empty ones included, of the rectangle an `.xls` or `.ods` worksheet spans
/// from its first used cell to its last: calamine holds that rectangle whole, so its size is
/// checked before calamine is handed the file.
pub const MAX_DENSE_CELLS: u64 = 500_000;

/// The largest magnitude of a figure (分值, 得分, a budget amount) or of a number in a cell
/// text: 10^15, a thousand trillion. Sums and differences of such figures stay far inside
/// what a `Decimal` holds, so no arithmetic on them can overflow.
pub const MAX_FIGURE: Decimal = Decimal::from_parts(0xA4C6_8000, 0x0003_8D7E, 0, false, 0);

/// The largest magnitude of a scheme formula's result: 10^20.
pub const MAX_FORMULA_RESULT: Decimal =
    Decimal::from_parts(0x63_10_00_00, 0x6B_C7_5E_2D, 0x5, false, 0);

/// How long one file's reading and checking may take before the batch reports it as timed
/// out and goes on without it. Every reader is linear in the file's size within the limits
/// above, so a real file takes milliseconds; this is the last line of defence.
pub const FILE_TIME_BUDGET: Duration = Duration::from_secs(60);

/// Files larger than this on disk are read one at a time, never beside another, so that a
/// batch's memory is that of its largest file, not of two large files at once.
pub const HEAVY_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The memory one input may cost at most, measured as peak resident memory of the process
/// checking it alone (`tests/bad_inputs.rs` measures it).
pub const MEMORY_TARGET_BYTES: u64 = 256 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_limits_are_the_powers_of_ten_they_say() {
        assert_eq!(MAX_FIGURE, Decimal::from(10u64.pow(15)));
        assert_eq!(MAX_FORMULA_RESULT, Decimal::from(10u128.pow(20)));
    }
}
