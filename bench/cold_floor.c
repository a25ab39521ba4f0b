/* Reference processes for the cold-start benchmark (bench/cold_start.cc):
 * what loading Debian's libcurl costs before bucketwatch does anything.
 *   cold_floor               exit at once (the binary links libcurl: its 33 libraries load)
 *   cold_floor init          + curl_global_init (libcurl 7.88 initialises OpenSSL here,
 *                              whatever the flags: CURL_GLOBAL_SSL has no effect since 7.57)
 *   cold_floor post URL      + one JSON POST to URL
 * Plain C, so that libstdc++ is not loaded. */
#include <curl/curl.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc < 2) return 0;
  curl_global_init(CURL_GLOBAL_NOTHING);
  if (strcmp(argv[1], "post") != 0 || argc < 3) return 0;
  CURL* curl = curl_easy_init();
  struct curl_slist* headers = curl_slist_append(NULL, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, argv[2]);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "{\"text\":\"cold start floor\"}");
  curl_easy_setopt(curl, CURLOPT_PROXY, "");
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return rc == CURLE_OK ? 0 : 1;
}
