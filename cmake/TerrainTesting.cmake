include(Catch)

# Catch2's main, compiled once for every test executable (it is the slowest file).
if(NOT TARGET terrain_catch_main)
  add_library(terrain_catch_main STATIC ${PROJECT_SOURCE_DIR}/tests/support/catch_main.cpp)
  target_link_libraries(terrain_catch_main PUBLIC Catch2::Catch2)
endif()

# terrain_add_test(<name> SOURCES <files...> LIBS <targets...>)
# One Catch2 executable; every TEST_CASE becomes one ctest test.
function(terrain_add_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;PROPERTIES" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} terrain_catch_main terrain_test_support)
  terrain_target_defaults(${name})
  # One variable only: catch_discover_tests splits PROPERTIES at every ';', so a
  # second "VAR=value" here would shift every property after it (TIMEOUT,
  # ENVIRONMENT_MODIFICATION) out of place. The build tree reaches the tests as a
  # compile definition instead.
  target_compile_definitions(${name} PRIVATE TERRAIN_TEST_BUILD_DIR="${PROJECT_BINARY_DIR}")
  catch_discover_tests(${name}
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
    PROPERTIES ENVIRONMENT "TERRAIN_SOURCE_DIR=${PROJECT_SOURCE_DIR}" ${T_PROPERTIES})
endfunction()
