import json

from tadamon.territory.models import Province, Region


def _map_items(page) -> dict:
    return {i["code"]: i for i in page.context["map_data"]["items"]}


def test_the_region_map_counts_per_10000_inhabitants(client, coop_hoceima, association_casa):
    page = client.get("/map/")
    items = _map_items(page)
    assert len(items) == 12
    tanger = Region.objects.get(code="01")
    assert items["01"]["count"] == 1
    assert items["01"]["value"] == round(10_000 / tanger.population_2024, 2)
    assert items["01"]["name"] == tanger.name_ar
    assert items["03"]["count"] == 0
    html = page.content.decode()
    assert json.loads(html.split('id="map-data" type="application/json">')[1].split("</script>")[0])
    assert "regions.geojson" in html


def test_the_province_map_filters_by_legal_form(client, coop_hoceima, association_casa):
    page = client.get("/map/", {"level": "province", "legal_form": "association"})
    items = _map_items(page)
    assert len(items) == Province.objects.count() == 75
    assert items["141"]["count"] == 1
    assert items["051"]["count"] == 0
    assert page.context["map_data"]["filter"] == "province"
    assert "province=141&amp;legal_form=association" in page.content.decode()


def test_a_region_page_counts_its_provinces(client, coop_hoceima, association_casa):
    page = client.get("/territories/01/")
    assert page.status_code == 200
    assert page.context["total"] == 1
    parts = {p.code: p.count for p in page.context["parts"]}
    assert parts["051"] == 1
    assert "طنجة-تطوان-الحسيمة" in page.content.decode()


def test_a_province_page_counts_by_legal_form_and_sector(client, coop_hoceima):
    page = client.get("/territories/051/")
    forms = {f["code"]: f["count"] for f in page.context["forms"]}
    assert forms["cooperative"] == 1
    assert [s["code"] for s in page.context["sectors"]] == ["argan"]
    assert "?province=051" in page.content.decode()


def test_an_unknown_territory_is_a_404(client, db):
    assert client.get("/territories/99/").status_code == 404
