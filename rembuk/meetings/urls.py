from django.urls import URLPattern, URLResolver

app_name = "meetings"
urlpatterns: list[URLPattern | URLResolver] = []
