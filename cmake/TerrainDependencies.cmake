# Every dependency comes from a Debian 12 package (see deploy/install-deps.sh).
# Nothing is downloaded at build time and nothing is vendored.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(valijson REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
if(TERRAIN_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
endif()
