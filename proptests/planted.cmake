# planted.cmake -- the `planted-bug` ctest label: one test per bug that the
# engine can plant (VMEMCACHE_INJECT_BUG=N).  Each links the property tests
# (compiled once) against a static engine whose variant files carry bug N
# (vmc_engine_static, engine/CMakeLists.txt), and expects them to FAIL
# (run_planted.sh).  Only in the plain build of a clean engine.
set(VMC_PLANTED_BUGS 1 2 3 4 5 CACHE STRING "Bug numbers the engine can plant (engine/src)")
if(VMC_SANITIZE STREQUAL "" AND VMEMCACHE_INJECT_BUG STREQUAL "0" AND TARGET vmc_proptests)
  foreach(_n IN LISTS VMC_PLANTED_BUGS)
    vmc_engine_static(vmemcache_bug${_n} 1 ${_n})
    vmc_proptest_executable(vmc_proptests_bug${_n} engine_api.cc vmemcache_bug${_n})
    add_test(NAME proptests.planted_bug_${_n}
      COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/run_planted.sh ${_n}
              $<TARGET_FILE:vmc_proptests_bug${_n}> "${VMC_PROPTEST_RC_PARAMS}")
    set_tests_properties(proptests.planted_bug_${_n} PROPERTIES
      LABELS planted-bug TIMEOUT 600)
  endforeach()
endif()
