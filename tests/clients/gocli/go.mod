module sluice/tests/gocli

go 1.26.0
