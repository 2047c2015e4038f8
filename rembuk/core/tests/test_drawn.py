import threading

from rembuk.core.drawn import DrawnMarkup


def drawer(log: list[str], text: str):
    def draw() -> str:
        log.append(text)
        return text

    return draw


def test_an_equal_key_gives_what_was_drawn_without_drawing_again():
    kept: DrawnMarkup[str] = DrawnMarkup(most_entries=4, most_chars=1_000)
    drawn: list[str] = []
    first = kept.drawn(("a", (1, 2)), drawer(drawn, "<p>a</p>"), len)
    again = kept.drawn(("a", (1, 2)), drawer(drawn, "<p>other</p>"), len)
    assert first == again == "<p>a</p>"
    assert drawn == ["<p>a</p>"]
    assert kept.drawn(("a", (1, 3)), drawer(drawn, "<p>b</p>"), len) == "<p>b</p>"
    assert drawn == ["<p>a</p>", "<p>b</p>"]


def test_the_oldest_go_first_past_the_entries_or_the_characters_allowed():
    kept: DrawnMarkup[str] = DrawnMarkup(most_entries=2, most_chars=100)
    drawn: list[str] = []
    for key in ("a", "b", "c"):
        kept.drawn(key, drawer(drawn, key * 10), len)
    assert len(kept) == 2
    kept.drawn("a", drawer(drawn, "a" * 10), len)  # "a" went first: drawn again
    assert drawn == ["a" * 10, "b" * 10, "c" * 10, "a" * 10]

    by_size: DrawnMarkup[str] = DrawnMarkup(most_entries=10, most_chars=100)
    for key in "abcde":
        by_size.drawn(key, drawer(drawn, key * 25), len)
    assert len(by_size) == 4  # 4 × 25 characters fill it; "a" went for "e"
    drawn.clear()
    by_size.drawn("e", drawer(drawn, "e" * 25), len)
    by_size.drawn("a", drawer(drawn, "a" * 25), len)
    assert drawn == ["a" * 25]


def test_a_drawing_too_big_for_a_quarter_is_given_and_not_kept():
    kept: DrawnMarkup[str] = DrawnMarkup(most_entries=10, most_chars=100)
    kept.drawn("small", lambda: "s", len)
    assert kept.drawn("big", lambda: "x" * 26, len) == "x" * 26
    assert len(kept) == 1  # the small one stays


def test_threads_drawing_one_key_at_once_keep_one_entry():
    kept: DrawnMarkup[str] = DrawnMarkup(most_entries=8, most_chars=10_000)
    start = threading.Barrier(6)
    got: list[str] = []

    def read(n: int) -> None:
        start.wait()
        for key in range(20):
            got.append(kept.drawn(key, lambda key=key: f"<p>{key}</p>", len))

    threads = [threading.Thread(target=read, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(got)) == sorted(f"<p>{key}</p>" for key in range(20))
    assert len(kept) == 8
    # Its count of characters is that of what it keeps, whatever order the threads ran in.
    assert kept._chars == sum(chars for _markup, chars in kept._kept.values())
