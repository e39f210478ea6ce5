"""Edge-list files as `kith load edges` reads them."""

from __future__ import annotations

import pytest

from kith_cli.edges import check_handles, default_prefix, parse_edges


def test_comments_blank_lines_self_loops_and_repeats_are_left_out():
    graph = parse_edges(
        [
            "# socfb-style header",
            "% matrix-market style comment",
            "",
            "10 2",
            "2 3 0.5",  # a weight column is ignored
            "3,10",  # commas separate too
            "  7\t7  ",  # a self-loop: the node stays, the edge goes
            "2 10",  # the same pair the other way round
            "3 2",
        ]
    )
    assert graph.nodes == ["2", "3", "7", "10"]  # numeric ids in numeric order
    assert graph.edges == [("2", "10"), ("2", "3"), ("3", "10")]
    assert (graph.self_loops, graph.duplicates) == (1, 2)


def test_a_line_with_one_node_or_a_node_unfit_for_a_handle_is_an_error_with_its_number():
    with pytest.raises(ValueError, match="line 2"):
        parse_edges(["1 2", "3"])
    with pytest.raises(ValueError, match="line 1: node id 'a-b'"):
        parse_edges(["a-b c"])


def test_handles_must_fit_and_the_default_prefix_comes_from_the_file_name(tmp_path):
    assert default_prefix(tmp_path / "socfb-Reed98.edges") == "socfb_reed98"
    graph = parse_edges(["1 123456789"])
    check_handles(graph, "reed98")
    with pytest.raises(ValueError, match="shorter --prefix"):
        check_handles(graph, "p" * 21)
    with pytest.raises(ValueError, match="prefix"):
        check_handles(graph, "no-hyphens")
