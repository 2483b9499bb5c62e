# The JSON Schemas, reference data and questionnaires under schemas/ are embedded
# into the protocol library, so a tablet and the server validate with the very
# same bytes. terrain_embed_schemas(<var>) defines the generating command in the
# calling directory (custom command outputs are directory-scoped) and sets <var>
# to the generated source. Regenerated whenever a file under schemas/ changes.
function(terrain_embed_schemas out_var)
  file(GLOB_RECURSE schema_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/schemas/*.json)
  set(output ${PROJECT_BINARY_DIR}/generated/schema_bundle_data.cpp)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DSCHEMA_DIR=${PROJECT_SOURCE_DIR}/schemas -DOUTPUT=${output}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedSchemas.cmake
    DEPENDS ${schema_files} ${PROJECT_SOURCE_DIR}/cmake/EmbedSchemas.cmake
    COMMENT "Embedding schemas/ into the protocol library")
  set(${out_var} ${output} PARENT_SCOPE)
endfunction()
