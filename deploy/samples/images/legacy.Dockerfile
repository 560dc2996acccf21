# A deliberately careless Dockerfile: shipshape scan flags nearly every image check on it. Do not build it.
FROM node
RUN apt-get update && apt-get install -y build-essential python3 sudo
ENV NPM_TOKEN=npm_0123456789abcdef
COPY .env /app/.env
COPY . /app
ADD https://example.com/agent.tar.gz /opt/
RUN curl -fsSL https://deb.example.com/setup.sh | bash && chmod -R 777 /app
WORKDIR /app
RUN npm install
ENTRYPOINT ["/app/docker-entrypoint.sh"]
