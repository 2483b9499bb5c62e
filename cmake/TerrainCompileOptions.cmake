# Warnings are errors everywhere in our own code.
set(TERRAIN_WARNINGS -Wall -Wextra -Wpedantic -Werror -Wshadow -Wnon-virtual-dtor
    -Wcast-align -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough)

if(TERRAIN_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

# terrain_target_defaults(<target>): our warnings on one of our own targets.
function(terrain_target_defaults target)
  target_compile_options(${target} PRIVATE ${TERRAIN_WARNINGS})
endfunction()
