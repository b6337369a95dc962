//go:build !linux

package testfs

import "errors"

func mountReadOnly(string) error { return errors.New("read-only bind mounts are Linux only") }

func unmount(string) error { return nil }

func mountSmall(string, int64) error { return errors.New("tmpfs mounts are Linux only") }
