# Admin handler tests (tests/http/admin_*_test.cpp): the real route table from app/routes.cpp,
# a real SQLite store in a temp folder and the real templates. No sockets.
add_executable(lo_http_admin_tests admin_fixture.cpp admin_auth_test.cpp admin_services_test.cpp
    admin_mail_reviews_test.cpp admin_feedback_test.cpp admin_two_factor_test.cpp
    admin_moderation_test.cpp)
target_compile_definitions(lo_http_admin_tests PRIVATE LO_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(lo_http_admin_tests PRIVATE lo_app GTest::gtest_main)
target_compile_options(lo_http_admin_tests PRIVATE -Wno-missing-field-initializers)
gtest_discover_tests(lo_http_admin_tests PROPERTIES LABELS http)

# The admin forms (tests/http/admin_forms_test.cpp): service parts, taxonomy terms, advice pages;
# and the search words (admin_search_words_test.cpp).
add_executable(lo_http_admin_forms_tests admin_fixture.cpp admin_forms_test.cpp
    admin_search_words_test.cpp admin_deletion_test.cpp)
target_compile_definitions(lo_http_admin_forms_tests PRIVATE LO_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(lo_http_admin_forms_tests PRIVATE lo_app GTest::gtest_main)
target_compile_options(lo_http_admin_forms_tests PRIVATE -Wno-missing-field-initializers)
gtest_discover_tests(lo_http_admin_forms_tests PROPERTIES LABELS http)

# Authorisation by ownership on the service form's ids (admin_ownership_test.cpp) and the
# smaller admin findings of issue 15 (admin_trust_test.cpp).
add_executable(lo_http_admin_ownership_tests admin_fixture.cpp admin_ownership_test.cpp
    admin_trust_test.cpp)
target_compile_definitions(lo_http_admin_ownership_tests PRIVATE LO_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(lo_http_admin_ownership_tests PRIVATE lo_app GTest::gtest_main)
target_compile_options(lo_http_admin_ownership_tests PRIVATE -Wno-missing-field-initializers)
gtest_discover_tests(lo_http_admin_ownership_tests PROPERTIES LABELS http)
# Accounts for staff turnover and two-factor required by role (admin_accounts_test.cpp).
add_executable(lo_http_admin_accounts_tests admin_fixture.cpp admin_accounts_test.cpp)
target_compile_definitions(lo_http_admin_accounts_tests PRIVATE LO_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(lo_http_admin_accounts_tests PRIVATE lo_app GTest::gtest_main)
target_compile_options(lo_http_admin_accounts_tests PRIVATE -Wno-missing-field-initializers)
gtest_discover_tests(lo_http_admin_accounts_tests PROPERTIES LABELS http)

# The insights pages for commissioners (admin_insights_test.cpp, issue 19).
add_executable(lo_http_admin_insights_tests admin_fixture.cpp admin_insights_test.cpp)
target_compile_definitions(lo_http_admin_insights_tests PRIVATE LO_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(lo_http_admin_insights_tests PRIVATE lo_app GTest::gtest_main)
target_compile_options(lo_http_admin_insights_tests PRIVATE -Wno-missing-field-initializers)
gtest_discover_tests(lo_http_admin_insights_tests PROPERTIES LABELS http)

# The rendered-page cache in front of the route table (page_cache_test.cpp, issue 20).
add_executable(lo_http_page_cache_tests admin_fixture.cpp page_cache_test.cpp)
target_compile_definitions(lo_http_page_cache_tests PRIVATE LO_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(lo_http_page_cache_tests PRIVATE lo_app ZLIB::ZLIB GTest::gtest_main)
target_compile_options(lo_http_page_cache_tests PRIVATE -Wno-missing-field-initializers)
gtest_discover_tests(lo_http_page_cache_tests PROPERTIES LABELS http)

# Places: editors add and edit places (admin_places_test.cpp, issue 18).
add_executable(lo_http_admin_places_tests admin_fixture.cpp admin_places_test.cpp)
target_compile_definitions(lo_http_admin_places_tests PRIVATE LO_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(lo_http_admin_places_tests PRIVATE lo_app GTest::gtest_main)
target_compile_options(lo_http_admin_places_tests PRIVATE -Wno-missing-field-initializers)
gtest_discover_tests(lo_http_admin_places_tests PROPERTIES LABELS http)

# The dates that run the directory (admin_service_dates_test.cpp, issue 18 item 6).
add_executable(lo_http_admin_service_dates_tests admin_fixture.cpp admin_service_dates_test.cpp)
target_compile_definitions(lo_http_admin_service_dates_tests PRIVATE LO_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(lo_http_admin_service_dates_tests PRIVATE lo_app GTest::gtest_main)
target_compile_options(lo_http_admin_service_dates_tests PRIVATE -Wno-missing-field-initializers)
gtest_discover_tests(lo_http_admin_service_dates_tests PROPERTIES LABELS http)
