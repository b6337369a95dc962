// Package rundiff compares two run folders for `summarize diff RUN_A
// RUN_B`: per story, which prompts and settings differ, which disputed
// points appeared or vanished, how the brief's text changed word by word,
// and tokens and cost side by side.
//
// It only reads the run folders (through report.Load), never writes them,
// so it may run while another process renders or reads the same runs. A
// Diff is plain data once Compare returns; writing it does not change it,
// so one Diff may be written from several goroutines at once.
package rundiff
