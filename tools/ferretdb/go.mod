// Pins the FerretDB release that tools/ferretdb/install.sh builds; go.sum pins its hash.
module tenancy/tools/ferretdb

go 1.24

require github.com/FerretDB/FerretDB v1.24.2
