# Warnings are errors everywhere in our own code.
set(TERRAIN_WARNINGS -Wall -Wextra -Wpedantic -Werror -Wshadow -Wnon-virtual-dtor
    -Wcast-align -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)

if(TERRAIN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
  # GCC documents that -fsanitize=address makes -Wmaybe-uninitialized report false
  # positives (here inside libstdc++'s <regex>, pulled in by valijson and Catch2). The
  # default preset keeps the warning as an error, so real cases are still caught there.
  list(APPEND TERRAIN_WARNINGS -Wno-maybe-uninitialized)
endif()

# terrain_target_defaults(<target>): our warnings on one of our own targets.
function(terrain_target_defaults target)
  target_compile_options(${target} PRIVATE ${TERRAIN_WARNINGS})
endfunction()
