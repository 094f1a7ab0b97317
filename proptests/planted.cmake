# planted.cmake -- the `planted-bug` ctest label: one test per bug that the
# engine can plant (VMEMCACHE_INJECT_BUG=N), each building a separate small
# Release tree in ${CMAKE_BINARY_DIR}/planted/N and expecting the property
# tests to fail there (run_planted.sh).  Only in the plain build of a clean
# engine: a sanitizer or planted tree does not register them.
set(VMC_PLANTED_BUGS 1 2 3 4 5 CACHE STRING "Bug numbers the engine can plant (engine/src)")
if(VMC_SANITIZE STREQUAL "" AND VMEMCACHE_INJECT_BUG STREQUAL "0" AND TARGET vmc_proptests)
  foreach(_n IN LISTS VMC_PLANTED_BUGS)
    add_test(NAME proptests.planted_bug_${_n}
      COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/run_planted.sh ${_n} ${CMAKE_SOURCE_DIR}
              ${CMAKE_BINARY_DIR}/planted/${_n} "${VMC_PROPTEST_RC_PARAMS}")
    # One build at a time (2 cores); each build uses all of them.
    set_tests_properties(proptests.planted_bug_${_n} PROPERTIES
      LABELS planted-bug RESOURCE_LOCK vmc_planted_build TIMEOUT 600
      PROCESSORS 2)
  endforeach()
endif()
