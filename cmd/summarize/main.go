// Command summarize turns several news articles about the same story into a
// summary per source, one merged neutral brief and a list of disputed
// points, with an offline extractive engine or prompts on any
// OpenAI-compatible endpoint. See the README for usage.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// exitError carries an exit code out of a command: 1 some work failed,
// 2 usage or configuration error, 3 (pipeline.ExitInternal) outputs that
// could not be written or an internal error, 130 interrupted.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErr(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first signal asks for a clean stop; restoring the default
	// handlers then lets a second one end the process at once.
	context.AfterFunc(ctx, stop)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run executes the command line and returns the exit code; main is a thin
// shell around it so that tests can run the whole CLI in process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	root := newRootCmd(stdout, stderr, getenv)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(stderr, "summarize:", ee.err)
		}
		return ee.code
	}
	// Anything cobra itself rejects (unknown flag or command, wrong number
	// of arguments) is a usage error.
	fmt.Fprintln(stderr, "summarize:", err)
	return 2
}

func newRootCmd(stdout, stderr io.Writer, getenv func(string) string) *cobra.Command {
	root := &cobra.Command{
		Use:           "summarize",
		Short:         "Summarize several articles about one story into per-source summaries, a neutral brief and disputed points",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().String("config", "", "configuration file (default ./summarize.yaml when present)")
	env := &cliEnv{stdout: stdout, stderr: stderr, getenv: getenv}
	root.AddCommand(
		newRunCmd(env),
		newCacheCmd(env),
		newPromptsCmd(env),
		newConfigCmd(env),
		newReportCmd(env),
		newDiffCmd(env),
		newRunsCmd(env),
		newEvalCmd(env),
		newCompareCmd(env),
		newBenchCmd(env),
		newBatchesCmd(env),
	)
	return root
}

// cliEnv is what every command reads from the process, passed explicitly
// so that tests can supply their own.
type cliEnv struct {
	stdout, stderr io.Writer
	getenv         func(string) string
}
