module chronik

go 1.19
