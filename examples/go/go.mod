module chronik-example

go 1.19

require chronik v0.0.0

replace chronik => ../../bindings/go
