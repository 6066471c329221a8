"""The plotly config every chart gets: the camera's file name and tooltip in the reader's language."""

from __future__ import annotations

from aizone import chartconfig


def test_image_filename_joins_its_parts_and_drops_what_a_file_system_refuses():
    assert chartconfig.image_filename("人工智能试验区地图探索", "2021-12-31") == "人工智能试验区地图探索_2021-12-31"
    assert chartconfig.image_filename('Map: a/b *c* "d"?', None, "", "2020") == "Map_a_b_c_d_2020"


def test_charts_are_saved_under_a_name_in_the_readers_language():
    """plotly names every picture ``newplot.png``; the Chinese page's is Chinese, and a page may name its own."""
    zh, en = chartconfig.plotly_config("zh"), chartconfig.plotly_config("en")
    assert zh["toImageButtonOptions"]["filename"] == "人工智能试验区图表"
    assert en["toImageButtonOptions"]["filename"] == "aizone_chart"
    own = chartconfig.plotly_config("zh", {"toImageButtonOptions": {"filename": "x"}})
    assert own["toImageButtonOptions"] == {"filename": "x"}
    assert "sendChartToCloud" in own["modeBarButtonsToRemove"] and own["locale"] == "zh-CN"


def test_camera_title_is_plotlys_own_string_translated():
    assert chartconfig.camera_title("en") == "Download plot as a png"
    assert chartconfig.camera_title("zh") == chartconfig.zh_dictionary()["Download plot as a png"] == "下载为 PNG 图片"
